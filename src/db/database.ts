import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

/** Either driver's drizzle database (or a transaction on it): repositories only see this. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  readonly driver: 'postgres' | 'pglite';
  /** This process holds the embedded data directory's lock: no other Steward process can be using it. */
  readonly soleProcess: boolean;
  /** Raw SQL for tooling and tests that need it (never used by use cases). */
  execute(sqlText: string): Promise<unknown[]>;
  close(): Promise<void>;
}
