import { type StewardApp, createStewardApp } from './app/steward-app.js';
import type { Logger } from './commands/command-context.js';
import type { Config } from './config/config.js';
import { type Clock, systemClock } from './core/clock.js';
import type { Database } from './db/database.js';
import { drizzleStore } from './db/drizzle-store.js';
import { type DatabaseTarget, openDatabase } from './db/open-database.js';
import { MultiPublisher } from './replies/publisher.js';
import { buildDeps } from './app/build-deps.js';
import type { DeployExecutor } from './core/deploy/executor.js';
import { buildTargets } from './targets/build-targets.js';

export interface Runtime {
  readonly app: StewardApp;
  readonly database: Database;
  close(): Promise<void>;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.url ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir };
}

/** Without a running executor (one-shot CLI commands), approved requests stay approved until a `steward start` process picks them up. */
const pendingExecutor = (log: Logger): DeployExecutor => ({
  async submit(id) {
    log.info({ deployment: id }, 'approved: a running `steward start` will deploy it');
  },
});

/** Composition of the core: database (migrated), store, targets, app. Adapters and jobs are added by start. */
export async function openRuntime(config: Config, log: Logger, opts: { clock?: Clock; database?: Database; publisher?: MultiPublisher; executor?: DeployExecutor; eventDelivery?: 'now' | 'outbox' } = {}): Promise<Runtime> {
  const database = opts.database ?? (await openDatabase(databaseTarget(config)));
  const app = createStewardApp(buildDeps({ config, store: drizzleStore(database.db), clock: opts.clock ?? systemClock, log, publisher: opts.publisher ?? new MultiPublisher(), executor: opts.executor ?? pendingExecutor(log), targetFor: buildTargets(config), eventDelivery: opts.eventDelivery ?? (opts.executor ? 'now' : 'outbox') }), { chatPrefix: config.slack?.command });
  return { app, database, close: () => database.close() };
}
