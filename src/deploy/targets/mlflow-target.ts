import { MLFLOW_SHA_TAG, type MlflowTargetConfig } from '../../config/targets-schema.js';
import type { DeployJob, DeployTarget, TargetOutcome, TargetPlan } from '../domain/target.js';
import { callHttp, errorOutcome, is2xx, oneLine } from './http-call.js';
import type { TargetRuntime } from './webhook-target.js';

type JobFacts = Pick<DeployJob, 'model' | 'version' | 'environment' | 'artifactUri' | 'sha256'>;

interface ModelVersion {
  readonly name?: string;
  readonly version?: string | number;
  readonly source?: string;
  readonly status?: string;
  readonly tags?: readonly { key?: string; value?: string }[];
}

/** Stop following next_page_token after this many pages (a misbehaving server must not loop us forever). */
export const MAX_SEARCH_PAGES = 100;

type Lookup = { found: { version: number; status: string } } | { outcome: TargetOutcome };

const strip = (u: string) => u.replace(/\/+$/, '');

/**
 * Points a registered-model alias (default: the environment name) at the MLflow model version that
 * matches Steward's version — by source (== artifact URI) or by the steward.sha256 tag — through
 * MLflow's REST API. Setting an alias is idempotent, so check() simply sets it again.
 */
export function mlflowTarget(cfg: MlflowTargetConfig, rt: TargetRuntime = {}): DeployTarget {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'steward-deploy', ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}) };
  const hint = (status: number) => (status === 401 || status === 403 ? (cfg.tokenEnv ? ` (check the token in ${cfg.tokenEnv})` : ' (MLflow wants a token: set tokenEnv)') : '');
  const call = (path: string, method: 'GET' | 'POST', body?: unknown) =>
    callHttp(`${cfg.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: cfg.timeoutMs,
      label: 'MLflow',
      fetch: rt.fetch,
    });
  // a model mirrored from MLflow (registry: mlflow) keeps its MLflow name there, whatever its Steward name
  const registeredName = async (job: JobFacts) => cfg.registeredModel.replaceAll('{model}', (await rt.mlflowNameOf?.(job.model)) ?? job.model).replaceAll('{environment}', job.environment);
  const aliasOf = (job: JobFacts) => cfg.alias ?? job.environment;
  const criterion = (job: JobFacts) => (cfg.match === 'source' ? `source ${job.artifactUri}` : `tag ${MLFLOW_SHA_TAG}=${job.sha256 ?? '(none)'}`);
  const whose = (job: JobFacts) => (cfg.match === 'source' ? `source is ${job.artifactUri}` : `tag ${MLFLOW_SHA_TAG} is ${job.sha256 ?? '(none)'}`);

  const matches = (mv: ModelVersion, job: JobFacts): boolean => {
    if (cfg.match === 'source') return typeof mv.source === 'string' && strip(mv.source) === strip(job.artifactUri);
    const tag = (mv.tags ?? []).find((t) => t?.key === MLFLOW_SHA_TAG);
    return typeof tag?.value === 'string' && tag.value.trim().toLowerCase() === job.sha256!.toLowerCase();
  };

  const findVersion = async (job: JobFacts): Promise<Lookup> => {
    const name = await registeredName(job);
    if (cfg.match === 'tag' && !job.sha256) {
      return { outcome: { state: 'failed', message: `${job.model} v${job.version} has no sha256 in Steward, so match: tag cannot find its MLflow version; register it with a sha256 or use match: source` } };
    }
    const found: { version: number; status: string }[] = [];
    let pageToken: string | undefined;
    let seen = 0;
    let pages = 0;
    do {
      const q = new URLSearchParams({ filter: `name='${name}'` });
      if (pageToken) q.set('page_token', pageToken);
      const r = await call(`/api/2.0/mlflow/model-versions/search?${q}`, 'GET');
      if (!r.ok) return { outcome: { state: 'retry', message: r.message } };
      if (!is2xx(r.answer.status)) return { outcome: errorOutcome('MLflow', r.answer, hint(r.answer.status)) };
      const j = (r.answer.json ?? {}) as { model_versions?: ModelVersion[]; next_page_token?: string };
      const versions = Array.isArray(j.model_versions) ? j.model_versions : [];
      seen += versions.length;
      pages++;
      for (const mv of versions) {
        const v = Number(mv.version);
        if (Number.isInteger(v) && v > 0 && matches(mv, job)) found.push({ version: v, status: mv.status ?? 'READY' });
      }
      pageToken = typeof j.next_page_token === 'string' && j.next_page_token ? j.next_page_token : undefined;
    } while (pageToken && pages < MAX_SEARCH_PAGES);
    const usable = found.filter((f) => f.status !== 'FAILED_REGISTRATION').sort((a, b) => b.version - a.version);
    const ready = usable.find((f) => f.status === 'READY');
    if (ready) return { found: ready };
    if (usable[0]) return { outcome: { state: 'retry', message: `MLflow version ${usable[0].version} of ${name} is still ${usable[0].status}; waiting for it to be READY` } };
    const searched = seen === 0 ? `MLflow has no versions of registered model ${name}` : `no version of MLflow registered model ${name} has ${criterion(job)} (searched ${seen} version${seen === 1 ? '' : 's'} on ${pages} page${pages === 1 ? '' : 's'})`;
    const fix = cfg.match === 'source' ? 'register the artifact in MLflow first, or set match: tag' : `tag the MLflow version with ${MLFLOW_SHA_TAG}, or set match: source`;
    return { outcome: { state: 'failed', message: oneLine(`${searched}; ${fix}`) } };
  };

  const setAlias = async (job: DeployJob): Promise<TargetOutcome> => {
    const found = await findVersion(job);
    if ('outcome' in found) return found.outcome;
    const name = await registeredName(job);
    const alias = aliasOf(job);
    const v = found.found.version;
    const r = await call('/api/2.0/mlflow/registered-models/alias', 'POST', { name, alias, version: String(v) });
    if (!r.ok) return { state: 'retry', message: r.message };
    if (!is2xx(r.answer.status)) return errorOutcome('MLflow', r.answer, hint(r.answer.status));
    return {
      state: 'succeeded',
      ref: { id: `${name}@${alias}=${v}`, url: `${cfg.baseUrl}/#/models/${encodeURIComponent(name)}/versions/${v}` },
      message: `alias ${alias} of MLflow registered model ${name} now points to version ${v}`,
    };
  };

  return {
    kind: 'mlflow',
    async plan(job): Promise<TargetPlan> {
      const name = await registeredName(job);
      const alias = aliasOf(job);
      const summary = `MLflow: set alias ${alias} of registered model ${name} (${cfg.baseUrl})`;
      let step: string;
      try {
        const found = await findVersion(job);
        if ('found' in found) step = `set alias ${alias} of registered model ${name} to MLflow version ${found.found.version} (the version whose ${whose(job)})`;
        else if (found.outcome.state === 'retry') step = `set alias ${alias} of registered model ${name} to the MLflow version whose ${whose(job)} (not checked now: ${found.outcome.message})`;
        else step = `set alias ${alias} of registered model ${name} to the MLflow version whose ${whose(job)} — none found now, the deploy will fail unless it exists by then: ${found.outcome.message}`;
      } catch (e) {
        step = `set alias ${alias} of registered model ${name} to the MLflow version whose ${whose(job)} (could not look it up: ${e instanceof Error ? e.message : String(e)})`;
      }
      return { summary, steps: [oneLine(step, 500)] };
    },
    start: setAlias,
    check: (job) => setAlias(job),
  };
}
