import { describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import type { TargetOutcome } from '../../src/deploy/domain/target.js';
import type { TrainingJob, TrainingPipeline } from '../../src/training/domain/pipeline.js';
import { autoRetrain } from '../../src/training/auto-retrain.js';
import { harness, HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

/** A pipeline of our own port that records its jobs and accepts them (the HTTP ones are tested against stand-ins). */
class RecordingPipeline implements TrainingPipeline {
  readonly kind = 'recording';
  readonly summary = 'recording pipeline';
  readonly jobs: TrainingJob[] = [];
  async start(job: TrainingJob): Promise<TargetOutcome> {
    this.jobs.push(job);
    return { state: 'running', ref: { id: `job-${job.runId}` } };
  }
  async check(_job: TrainingJob, ref: { id: string }): Promise<TargetOutcome> {
    return { state: 'running', ref };
  }
}

const YAML = `
roles:
  ml-engineer: [read, register, retrain]
  approver: [read]
members:
  "console:alice": [ml-engineer]
  "console:carol": [approver]
  "console:dave": [approver]
training:
  fraud-detector:
    pipeline: { kind: webhook, url: "http://127.0.0.1:9/train", secretEnv: TRAIN_SECRET }
    approvals: 2
    approverRoles: [approver]
    auto: { on: [drift], cooldown: 24h }
`;

function setup() {
  const pipeline = new RecordingPipeline();
  const h = harness({ config: configFromYaml(YAML, { TRAIN_SECRET: 'whsec_x' }), pipelineFor: () => pipeline });
  return { h, pipeline };
}

describe('retraining under a training policy', () => {
  it('waits for the configured approvals: never the requester, an approver role, once each; the quorum calls the pipeline', async () => {
    const { h, pipeline } = setup();
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')}`);
    const card = await h.say('retrain fraud-detector --reason "labels show a recall drop"');
    expect(card.data).toMatchObject({ status: 'awaiting_approval', needed: 2 });
    const approve = card.buttons!.find((b) => b.label === 'Approve')!.action;
    expect((await h.click(approve, 'alice')).error).toBe('forbidden');
    expect((await h.click(approve, 'carol')).data).toMatchObject({ status: 'awaiting_approval', approvals: ['console:carol'] });
    expect((await h.click(approve, 'carol')).error).toBe('conflict');
    expect((await h.click(approve, 'dave')).data).toMatchObject({ status: expect.stringMatching(/^(requested|running)$/), approvals: ['console:carol', 'console:dave'] });

    expect((await h.say('retrain fraud-detector')).error).toBe('busy');
    for (let i = 0; i < 100 && !pipeline.jobs.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await h.say(`register fraud-detector s3://m/2 --sha256 ${HEX64('2')} --trigger 1`)).error).toBeUndefined();
    await h.steward.training!.idle();
    expect(pipeline.jobs).toEqual([{ runId: 1, model: 'fraud-detector', fromVersion: 1, reason: 'labels show a recall drop', trigger: 'request', requestedBy: 'console:alice' }]);
    const audit = (await h.store.read.audit.recent({ target: 'training:1', limit: 10 })).map((e) => e.action).reverse();
    // training.progress (the pipeline's ref) may land before or not at all once registered: not asserted
    expect(audit.filter((a) => a !== 'training.progress')).toEqual(['training.requested', 'training.approved', 'training.approved', 'training.started', 'training.registered']);
  });

  it('a rejection needs a reason and ends the run', async () => {
    const { h } = setup();
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')}`);
    const card = await h.say('retrain fraud-detector');
    const reject = card.buttons!.find((b) => b.label === 'Reject')!.action;
    expect((await h.click(reject, 'carol')).error).toBe('bad_input');
    expect((await h.click(reject, 'carol', 'retrain after the holiday freeze')).data).toMatchObject({ status: 'rejected', message: 'retrain after the holiday freeze' });
  });

  it('retrains on its own on a drift alert, at most once per cooldown; not on other kinds', async () => {
    const { h } = setup();
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')}`);
    const ports = { store: h.store, clock: h.clock, config: h.config, pipelineSummary: () => 'recording pipeline' };
    const alert = { id: 9, kind: 'drift' as const, model: 'fraud-detector', environment: 'production', headline: '**amount** drifted' };
    expect(await autoRetrain(ports, { ...alert, kind: 'bias' })).toEqual(ok(null));
    const first = await autoRetrain(ports, alert);
    expect(first.ok && first.value).toMatchObject({ triggerKind: 'auto', alertId: 9, requestedBy: 'system:steward', reason: 'drift alert #9 in production: amount drifted', status: 'awaiting_approval' });
    await h.click({ v: 1, a: 'retrain_reject', id: '1' }, 'carol', 'not now');
    h.clock.advance(3_600_000);
    const second = await autoRetrain(ports, alert);
    expect(!second.ok && second.error.code).toBe('busy');
    expect(!second.ok && second.error.message).toMatch(/cooldown/);
    h.clock.advance(24 * 3_600_000);
    expect((await autoRetrain(ports, alert)).ok).toBe(true);
  });
});
