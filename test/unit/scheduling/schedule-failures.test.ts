import { describe, expect, it } from 'vitest';
import { ok } from '../../../src/core/result.js';
import type { Store } from '../../../src/ports/store.js';
import type { ChatPublisher, MessageRef, PostTarget, PublishResult } from '../../../src/chat/replies/publisher.js';
import type { Reply } from '../../../src/chat/replies/reply.js';
import type { ReportSource } from '../../../src/scheduling/chat/report-source.js';
import { runScheduleSlot } from '../../../src/scheduling/scheduler/schedule-run.js';
import { FakeReportSource, OK_BIAS, OK_QUALITY, OK_DRIFT } from '../../fakes/fake-report-source.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { RecordingPublisher } from '../../fakes/recording-publisher.js';
import { harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';

const SECRET = 'whsec-very-secret-value-42';
const config = () => configFromYaml('targets:\n  production:\n    kind: webhook\n    url: https://deploy.internal/hook\n    secretEnv: STEWARD_WEBHOOK_SECRET\n', { STEWARD_WEBHOOK_SECRET: SECRET });

/** A channel Steward was never invited to. */
class RefusingPublisher implements ChatPublisher {
  async post(_t: PostTarget, _r: Reply): Promise<PublishResult> {
    return { ok: false, reason: 'not_in_channel' };
  }
  async update(_ref: MessageRef, _r: Reply): Promise<PublishResult> {
    return { ok: false, reason: 'not_in_channel' };
  }
}

const newSchedule = (store: Store, at: Date) =>
  store.read.schedules.create({ key: null, source: 'chat', kind: 'drift', models: ['fraud-detector'], environment: 'production', cron: '0 9 * * *', timezone: 'UTC', channel: { platform: 'slack', id: 'C-MON' }, windowSeconds: 86_400, catchUpSeconds: 900, createdBy: 'slack:U1', at });

describe('/mlops schedules says why the last run failed', () => {
  it('a post the platform refused: the reason is in the listing and in the data', async () => {
    const clock = new FixedClock('2026-11-27T09:00:05Z');
    const h = harness({ clock, publisher: new RecordingPublisher(), config: config() });
    const s = await newSchedule(h.store, clock.now());
    const reports = new FakeReportSource();
    reports.drifts.set('fraud-detector', OK_DRIFT);
    const out = await runScheduleSlot({ ...h.steward.scheduling, publisher: new RefusingPublisher(), reports, instanceId: 'a', leaseMs: 30_000 }, s, new Date('2026-11-27T09:00:00Z'));
    expect(out.status).toBe('failed');
    const r = await h.say('/mlops schedules');
    expect(r.out).toContain(`#${s.id}: the last run (2026-11-27 09:00 UTC) failed: could not post to slack:C-MON: not_in_channel`);
    expect(r.data).toMatchObject({ schedules: [{ last: { state: 'failed', error: 'could not post to slack:C-MON: not_in_channel' } }] });
  });

  it('a crash while building the report: one line, with no configured secret in it', async () => {
    const clock = new FixedClock('2026-11-27T09:00:05Z');
    const h = harness({ clock, config: config() });
    const s = await newSchedule(h.store, clock.now());
    const crashing: ReportSource = {
      drift: async () => {
        throw new Error(`GET https://mlflow.internal/api?token=${SECRET} answered 500\n    at fetch (node:internal/x.js:1:1)`);
      },
      bias: async () => ok(OK_BIAS),
      quality: async () => ok(OK_QUALITY),
    };
    await runScheduleSlot({ ...h.steward.scheduling, reports: crashing, instanceId: 'a', leaseMs: 30_000 }, s, new Date('2026-11-27T09:00:00Z'));
    const run = await h.store.read.runs.get(`schedule:${s.id}`, new Date('2026-11-27T09:00:00Z'));
    expect(run).toMatchObject({ state: 'failed' });
    expect(run!.error).toBe('Steward hit an error building the report: GET https://mlflow.internal/api?token=[redacted] answered 500');
    const r = await h.say('/mlops schedules');
    expect(r.out).toContain('failed: Steward hit an error building the report: GET https://mlflow.internal/api?token=[redacted] answered 500');
    expect(r.out).not.toContain(SECRET);
  });
});

describe('the cron hint and the chat rule agree', () => {
  it('every example a refused cron suggests is a schedule chat accepts', async () => {
    const h = harness({ clock: new FixedClock('2026-11-27T09:00:05Z') });
    const refused = await h.say('/mlops schedule digest * "0 9 * *"');
    expect(refused.error).toBe('bad_input');
    const examples = [...refused.out.matchAll(/"([^"]+)" \(/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const cron of examples) {
      const r = await h.say(`/mlops schedule digest * "${cron}"`);
      expect(r.error, `${cron}: ${r.out}`).toBeUndefined();
    }
  });
});
