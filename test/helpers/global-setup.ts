import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/open-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string | null;
    pgAdminUrl: string | null;
  }
}

/** Caches other tools keep in the temp directory (tsx's compile cache): not left behind by a test. */
const TOOL_CACHES = /^tsx-\d+$/;

/**
 * Once per run: a migrated PGlite data directory (each test file loads a copy in ~0.7 s instead of
 * starting and migrating a fresh one in ~4 s), and, when TEST_DATABASE_URL is set, a migrated
 * PostgreSQL template database that each test clones with CREATE DATABASE … TEMPLATE.
 *
 * The run gets a temp directory of its own: TMPDIR points into it, so os.tmpdir() in every test
 * worker (and in processes started with the inherited environment) is there. At the end it must be
 * empty — each test removes what it made (test/helpers/temp-dir.ts) — or the run fails, naming what
 * was left; then the whole directory is removed either way.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-test-'));
  const runTmp = join(dir, 'tmp');
  mkdirSync(runTmp);
  process.env.TMPDIR = runTmp;
  const mem = await openDatabase({ kind: 'memory' });
  const pg = (mem as unknown as { pglite: { dumpDataDir(c: 'none'): Promise<File | Blob> } }).pglite;
  const dump = await pg.dumpDataDir('none');
  const dumpPath = join(dir, 'migrated.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await mem.close();
  project.provide('pgliteDump', dumpPath);

  const url = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (url) {
    template = `steward_tmpl_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const tdb = await openDatabase({ kind: 'postgres', url: withDatabase(url, template), max: 1 });
    await tdb.close();
    await admin.end();
  }
  project.provide('pgTemplate', template);
  project.provide('pgAdminUrl', url ?? null);

  return async () => {
    const leftBehind = readdirSync(runTmp).filter((name) => !TOOL_CACHES.test(name)).sort();
    rmSync(dir, { recursive: true, force: true });
    if (leftBehind.length) {
      console.error(`Tests left ${leftBehind.length} in the temp directory: ${leftBehind.join(', ')}. Make temporary directories with tempDir() from test/helpers/temp-dir.ts, and stop the processes that write there before the test file ends.`);
      process.exitCode = 1;
    }
    if (url && template) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      const left = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`steward_t_${process.pid}_%`} or datname = ${template}`;
      for (const { datname } of left) await admin.unsafe(`drop database if exists ${datname} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
