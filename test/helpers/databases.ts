import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open-database.js';

export type Driver = 'pglite' | 'postgres';

/** The drivers this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function drivers(): Driver[] {
  return inject('pgTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

export const hasPostgres = (): boolean => !!inject('pgTemplate');

let counter = 0;

export interface TestDatabase extends Database {
  /** URL of this test's own PostgreSQL database (postgres driver only), for other processes. */
  readonly url: string | null;
}

/** A fresh, migrated, private database: a PGlite copy or a PostgreSQL clone of the template. */
export async function freshDatabase(driver: Driver, opts: { max?: number } = {}): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const dump = readFileSync(inject('pgliteDump'));
    const db = await openDatabase({ kind: 'memory', loadDataDir: new Blob([dump]) }, { migrate: false });
    return { ...db, url: null, close: () => db.close() } as TestDatabase;
  }
  const admin = inject('pgAdminUrl')!;
  const template = inject('pgTemplate')!;
  const name = `steward_t_${process.ppid}_${process.pid}_${++counter}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database ${name} template ${template}`);
  await sql.end();
  const url = withDb(admin, name);
  const db = await openDatabase({ kind: 'postgres', url, max: opts.max ?? 10 }, { migrate: false });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const s = postgres(admin, { max: 1, onnotice: () => {} });
      await s.unsafe(`drop database if exists ${name} with (force)`);
      await s.end();
    },
  } as TestDatabase;
}

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
