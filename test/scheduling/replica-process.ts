/**
 * One Steward replica for the multi-process test: the real scheduler (node-cron ticker, run ledger on
 * PostgreSQL) composed like `steward start` does, posting through a WebhookPublisher to the test's
 * stand-in chat sink. Prints "ready" and one JSON line per run outcome on stdout.
 *
 * env: DATABASE_URL, SINK_URL, STEWARD_INSTANCE_ID, LEASE_MS, POLL_MS, REPORT_DELAY_MS (each report takes this long)
 */
import { composeSteward } from '../../src/app/compose.js';
import type { Logger } from '../../src/ports/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { systemClock } from '../../src/core/clock.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { ReportSource } from '../../src/scheduling/chat/report-source.js';
import { createScheduler } from '../../src/scheduling/scheduler/scheduler.js';
import { FakeReportSource, OK_DRIFT } from '../fakes/fake-report-source.js';
import { WebhookPublisher } from '../fakes/webhook-publisher.js';

const env = process.env;
const cfg = loadConfig({ DATABASE_URL: env.DATABASE_URL, STEWARD_INSTANCE_ID: env.STEWARD_INSTANCE_ID, STEWARD_DATA_DIR: '/tmp/steward-replica', USER: 'replica' }, '/nonexistent-steward-cwd');
if (!cfg.ok) {
  process.stderr.write(`${JSON.stringify(cfg.problems)}\n`);
  process.exit(2);
}
const config = cfg.config;
const log: Logger = {
  info() {},
  debug() {},
  warn: (o, m) => process.stderr.write(`warn ${m} ${JSON.stringify(o)}\n`),
  error: (o, m) => process.stderr.write(`error ${m} ${JSON.stringify(o, (_k, v) => (v instanceof Error ? v.message : v))}\n`),
};
const database = await openDatabase({ kind: 'postgres', url: config.database.url!, max: 4 }, { migrate: false });
const instance = config.scheduling.scheduler.instanceId;
const deps = composeSteward({ config, store: drizzleStore(database.db), clock: systemClock, log, publisher: new WebhookPublisher(env.SINK_URL!, instance), effects: { mode: 'now', executor: { submit: async () => {} } } }).scheduling;
const fake = new FakeReportSource();
fake.drifts.set('fraud-detector', OK_DRIFT);
const delay = Number(env.REPORT_DELAY_MS ?? 0);
const slow = <T>(p: () => Promise<T>) => new Promise<void>((r) => setTimeout(r, delay)).then(p);
const reports: ReportSource = { drift: (...a) => slow(() => fake.drift(...a)), bias: (...a) => slow(() => fake.bias(...a)), quality: (...a) => slow(() => fake.quality(...a)) };
const scheduler = createScheduler({
  deps,
  reports,
  instanceId: instance,
  leaseMs: Number(env.LEASE_MS ?? 3000),
  pollMs: Number(env.POLL_MS ?? 1000),
  onRun: (e) => process.stdout.write(`${JSON.stringify({ instance, job: e.job, slot: e.slot.toISOString(), status: e.outcome.status })}\n`),
});
await scheduler.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void scheduler
    .stop(5000)
    .then(() => database.close())
    .finally(() => process.exit(0));
});
