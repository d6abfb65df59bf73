import { connect as connectTcp, type Socket } from 'node:net';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database, Db } from './database.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { databaseUnreachable } from './database-unreachable.js';
import * as schema from './schema.js';
import { PACKAGE_ROOT } from '../config/package-root.js';

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');

/** Where the data lives: a PostgreSQL URL, a PGlite directory, or PGlite in memory (tests). */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'memory'; loadDataDir?: Blob | File };

const MIGRATION_LOCK = 727_274_001; // advisory lock key: one migrator at a time across replicas

export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Database> {
  const doMigrate = opts.migrate ?? true;
  if (target.kind === 'postgres') {
    // the PostgreSQL driver is loaded only for PostgreSQL (embedded PGlite does not need it)
    const pg = await postgresDriver();
    // the first connection: a server that is down, a database or host that does not exist is one line saying what to do
    if (doMigrate) await migratePostgres(pg, target.url).catch((e: unknown) => Promise.reject(databaseUnreachable(e, target.url) ?? e));
    const { postgres, drizzlePg } = pg;
    const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => {}, ...hostOption(target.url), ...noDelay(target.url) });
    const db = drizzlePg(client, { schema }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      soleProcess: false,
      execute: async (text) => [...(await client.unsafe(text))],
      close: () => client.end({ timeout: 5 }),
    };
  }
  // a data directory is one process's: the lock is held until close (or exit), and refuses a second process
  const lock: DataDirLock | null = target.kind === 'pglite' ? lockDataDir(mkdirs(target.dataDir)) : null;
  let pg: PGlite | undefined;
  try {
    pg = target.kind === 'pglite' ? await PGlite.create({ dataDir: join(resolve(target.dataDir), 'pgdata') }) : await PGlite.create(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {});
    const db = drizzlePglite(pg, { schema }) as unknown as Db;
    if (doMigrate) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
    const open = pg;
    return {
      db,
      driver: 'pglite',
      soleProcess: lock !== null,
      execute: async (text) => (await open.exec(text)).flatMap((r) => r.rows),
      close: async () => {
        try {
          await open.close();
        } finally {
          lock?.release();
        }
      },
      // exposed for test snapshots
      ...({ pglite: pg } as object),
    };
  } catch (e) {
    await pg?.close().catch(() => {});
    lock?.release();
    throw e;
  }
}

function mkdirs(dataDir: string): string {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return dir;
}

/** postgres.js ignores a socket path in the URL's host query: pass it as an option. */
/**
 * TCP connections with Nagle's algorithm off. postgres.js leaves it on, and then the last small
 * message of a COPY (or of any query that does not fill a packet) waits for the server's delayed
 * ACK: ~40 ms per COPY, 0.9 ms instead of 0.14 ms per `select 1` (bench/README.md, "Prediction
 * ingestion"). Unix sockets (`?host=/path`) are left to postgres.js.
 */
function noDelay(url: string): { socket?: (o: { host: string[]; port: number[] }) => Socket } {
  const h = hostOption(url).host;
  if (h?.startsWith('/')) return {};
  // Handed over while still connecting: postgres.js listens for its error and close and reconnects
  // with backoff. (A factory that rejects when the server is down leaves postgres.js's connection
  // waiting forever: after a database outage every query would hang.)
  return { socket: (o) => connectTcp({ host: o.host[0] ?? 'localhost', port: o.port[0] ?? 5432, noDelay: true }) };
}

function hostOption(url: string): { host?: string } {
  try {
    const host = new URL(url).searchParams.get('host');
    return host ? { host } : {};
  } catch {
    return {};
  }
}

async function postgresDriver() {
  const [{ default: postgres }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([import('postgres'), import('drizzle-orm/postgres-js'), import('drizzle-orm/postgres-js/migrator')]);
  return { postgres, drizzlePg, migratePg };
}

/** Is the newest migration of migrations/ recorded as applied (drizzle compares each one's `when`)? */
async function allApplied(client: Awaited<ReturnType<typeof postgresDriver>>['postgres'] extends (...a: never[]) => infer C ? C : never): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const [row] = await client.unsafe('select max(created_at)::text as at from drizzle.__drizzle_migrations');
    return row?.at !== null && row?.at !== undefined && Number(row.at) >= newest;
  } catch {
    return false; // not migrated yet (no table), or not readable: let the migrator say
  }
}

async function migratePostgres({ postgres, drizzlePg, migratePg }: Awaited<ReturnType<typeof postgresDriver>>, url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {}, ...hostOption(url) });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    // a database migrated by its owner needs nothing: a role that may not change the schema (the
    // audit log's restricted role, docs/governance.md) then starts without trying to
    if (!(await allApplied(client))) await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
