import { type StewardApp, createStewardApp } from './steward-app.js';
import type { Logger } from '../chat/command-context.js';
import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import { drizzleStore } from '../db/drizzle-store.js';
import { type DatabaseTarget, openDatabase } from '../db/open-database.js';
import { MultiPublisher } from '../chat/replies/publisher.js';
import { buildDeps } from './build-deps.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import { buildTargets } from '../deploy/targets/build-targets.js';
import { runningStewards } from './instance-heartbeat.js';
import { QueuedWorkLog, nobodyWillRunIt } from './queued-work.js';

export interface Runtime {
  readonly app: StewardApp;
  readonly database: Database;
  /**
   * After a command in a one-shot process: one line when it queued work (an approved deployment, a
   * message for chat channels, a requested report) and no running Steward will pick it up; else null.
   */
  unattendedWork(): Promise<string | null>;
  close(): Promise<void>;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.url ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir };
}

/** Composition of the core: database (migrated), store, targets, app. Adapters and jobs are added by start. */
export async function openRuntime(config: Config, log: Logger, opts: { clock?: Clock; database?: Database; publisher?: MultiPublisher; executor?: DeployExecutor; eventDelivery?: 'now' | 'outbox' } = {}): Promise<Runtime> {
  const database = opts.database ?? (await openDatabase(databaseTarget(config)));
  const clock = opts.clock ?? systemClock;
  // without an executor this is a one-shot process (CLI, `steward chat`): it leaves deploys and chat messages to a running Steward
  const queued = opts.executor ? null : new QueuedWorkLog();
  const store = queued ? queued.observe(drizzleStore(database.db)) : drizzleStore(database.db);
  const executor = opts.executor ?? queued!.executor(log);
  const app = createStewardApp(buildDeps({ config, store, clock, log, publisher: opts.publisher ?? new MultiPublisher(), executor, targetFor: buildTargets(config), eventDelivery: opts.eventDelivery ?? (opts.executor ? 'now' : 'outbox') }), { chatPrefix: config.slack?.command });
  return {
    app,
    database,
    async unattendedWork() {
      const work = queued?.take() ?? [];
      if (!work.length) return null;
      // on PGlite this process holds the data directory: no server can be running on it
      if (!database.soleProcess && (await runningStewards(store, clock.now())).length) return null;
      return nobodyWillRunIt(work);
    },
    close: () => database.close(),
  };
}
