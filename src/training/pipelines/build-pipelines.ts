import type { Config } from '../../config/config.js';
import { configuredSecrets } from '../../config/configured-secrets.js';
import { secretScrubber } from '../../core/secret-scrub.js';
import type { TargetOutcome, TargetRef } from '../../deploy/domain/target.js';
import type { TargetRuntime } from '../../deploy/targets/webhook-target.js';
import type { TrainingPipeline } from '../domain/pipeline.js';
import { githubActionsPipeline } from './github-actions-pipeline.js';
import { webhookPipeline } from './webhook-pipeline.js';
import { recordPipeline } from './record-pipeline.js';

/** model -> its pipeline; null when the model has none configured. */
export type PipelineFor = (model: string) => TrainingPipeline | null;

/** Config -> each model's pipeline (built once), every configured secret scrubbed from what it says. */
export function buildPipelines(config: Pick<Config, 'training'> & Parameters<typeof configuredSecrets>[0], rt: TargetRuntime = {}): PipelineFor {
  const scrub = secretScrubber(configuredSecrets(config));
  const built = new Map<string, TrainingPipeline>();
  const clean = (o: TargetOutcome): TargetOutcome => {
    const ref = (r: TargetRef): TargetRef => ({ id: scrub(r.id), ...(r.url !== undefined ? { url: scrub(r.url) } : {}) });
    if (o.state === 'running') return { ...o, ref: ref(o.ref), ...(o.message !== undefined ? { message: scrub(o.message) } : {}) };
    if (o.state === 'retry') return { state: 'retry', message: scrub(o.message) };
    return { ...o, ...(o.message !== undefined ? { message: scrub(o.message) } : {}), ...(o.ref ? { ref: ref(o.ref) } : {}) } as TargetOutcome;
  };
  const guarded = async (f: () => Promise<TargetOutcome>): Promise<TargetOutcome> => {
    try {
      return clean(await f());
    } catch (e) {
      throw new Error(scrub(e instanceof Error ? e.message : String(e)));
    }
  };
  return (model) => {
    const cfg = config.training[model];
    if (!cfg) return null;
    let p = built.get(model);
    if (!p) {
      const raw = cfg.pipeline.kind === 'webhook' ? webhookPipeline(cfg.pipeline, model, rt) : cfg.pipeline.kind === 'record' ? recordPipeline(model) : githubActionsPipeline(cfg.pipeline, rt);
      p = { kind: raw.kind, summary: scrub(raw.summary), start: (job) => guarded(() => raw.start(job)), check: (job, ref) => guarded(() => raw.check(job, ref)) };
      built.set(model, p);
    }
    return p;
  };
}
