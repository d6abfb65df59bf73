import { type StewardApp, createStewardApp } from './app/steward-app.js';
import type { Logger } from './commands/command-context.js';
import type { Config } from './config/config.js';
import { type Clock, systemClock } from './core/clock.js';
import type { Database } from './db/database.js';
import { drizzleStore } from './db/drizzle-store.js';
import { type DatabaseTarget, openDatabase } from './db/open-database.js';
import { MultiPublisher } from './replies/publisher.js';

export interface Runtime {
  readonly app: StewardApp;
  readonly database: Database;
  close(): Promise<void>;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.url ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir };
}

/** Composition of the core: database (migrated), store, app. Adapters and jobs are added by start. */
export async function openRuntime(config: Config, log: Logger, opts: { clock?: Clock; database?: Database; publisher?: MultiPublisher } = {}): Promise<Runtime> {
  const database = opts.database ?? (await openDatabase(databaseTarget(config)));
  const app = createStewardApp({ config, store: drizzleStore(database.db), clock: opts.clock ?? systemClock, log, publisher: opts.publisher ?? new MultiPublisher() });
  return { app, database, close: () => database.close() };
}
