import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/temp-dir.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const HEX = 'ab'.repeat(32);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe.each(drivers())('steward CLI on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  beforeAll(async () => {
    if (driver === 'postgres') {
      pg = await freshDatabase('postgres');
      env = { DATABASE_URL: pg.url!, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    } else env = { STEWARD_DATA_DIR: tempDir('cli'), STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
  });
  afterAll(async () => pg?.close());

  const run = async (...argv: string[]) => {
    const c = io();
    const code = await main(argv, env, c.io);
    return { code, out: c.out.join('\n'), err: c.err };
  };

  it('registers a version that versions --format json then shows; refuses bad input with exit 2, one line, and no write', async () => {
    const r = await run('register', 'fraud-detector', 's3://models/fd/7.pkl', '--sha256', HEX, '--metric', 'auc=0.91');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Registered fraud-detector v1');

    for (const bad of [
      ['--metric', 'auc=abc'],
      ['--sha256', HEX.slice(1)],
      ['--nope'],
      ['--sha256', HEX], // same digest again
    ]) {
      const b = await run('register', 'fraud-detector', 's3://models/fd/8.pkl', ...bad);
      expect(b.code, bad.join(' ')).toBe(2);
      expect(b.err).toHaveLength(1);
      expect(b.err[0]).toMatch(/^steward: /);
      expect(b.err[0]).not.toMatch(/\n|at .*\.ts:\d+/);
    }

    const j = await run('versions', 'fraud-detector', '--format', 'json');
    expect(j.code).toBe(0);
    const data = JSON.parse(j.out);
    expect(data.versions).toHaveLength(1);
    expect(data.versions[0]).toMatchObject({ version: 1, sha256: HEX, metrics: { auc: 0.91 }, createdBy: 'cli:ci-bot' });
  });

  it('--format takes only json or table; unknown commands exit 2 with a suggestion', async () => {
    expect((await run('models', '--format', 'xml')).err[0]).toBe('steward: --format takes json or table, got "xml"');
    const u = await run('modles');
    expect(u.code).toBe(2);
    expect(u.err.join(' ')).toMatch(/unknown command 'modles'.*models/);
  });

  it('chat -c runs one line through the chat path and prints the reply', async () => {
    const r = await run('chat', '-c', '/mlops whoami', '--as', 'carol');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Identity:\s+console:carol/);
  });

  it('says on stderr, in one line, that no running Steward will run the deployment it approved; JSON output stays clean', async () => {
    await run('register', 'queued-model', 's3://q/1');
    const r = await run('deploy', 'queued-model', '1', 'to', 'staging', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'approved' });
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^steward: No running Steward is connected to this database: deployment #\d+ stays approved until you run `steward start`\.$/);
    const c = io();
    expect(await main(['chat', '-c', '/mlops run-schedule 77'], env, c.io)).toBe(2); // refused: nothing queued, nothing said
    expect(c.out.join('\n')).not.toContain('No running Steward');
  });

  it('a broken configuration stops with exit 2 and names each problem', async () => {
    const c = io();
    const code = await main(['models'], { ...env, DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'chatty' }, c.io);
    expect(code).toBe(2);
    expect(c.err.join('\n')).toMatch(/2 configuration problems[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
  });
});

describe('the installed steward command', () => {
  it('runs from the repo root with npx and no build step', async () => {
    const dir = tempDir('bin');
    const { stdout } = await exec('npx', ['steward', 'help', 'register'], { cwd: root, env: { ...process.env, STEWARD_DATA_DIR: dir } });
    expect(stdout).toContain('steward register <model> <artifact-uri>');
  });

  it.runIf(drivers().includes('postgres'))('two processes on one PostgreSQL see each other’s registrations at once', async () => {
    const db = await freshDatabase('postgres');
    try {
      const store = drizzleStore(db.db);
      await exec('node', ['bin/steward.js', 'register', 'churn', 's3://m/1'], { cwd: root, env: { ...process.env, DATABASE_URL: db.url!, LOG_LEVEL: 'silent' } });
      expect((await store.read.models.byName('churn'))!.latestVersion).toBe(1);
      await main(['register', 'churn', 's3://m/2'], { DATABASE_URL: db.url!, LOG_LEVEL: 'silent' }, io().io);
      const { stdout } = await exec('node', ['bin/steward.js', 'versions', 'churn', '--format', 'json'], { cwd: root, env: { ...process.env, DATABASE_URL: db.url!, LOG_LEVEL: 'silent' } });
      expect(JSON.parse(stdout).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    } finally {
      await db.close();
    }
  });
});

describe('steward CLI usage mistakes', () => {
  it('point at the help of the command they were made in, in one line, exit 2', async () => {
    const run = async (...argv: string[]) => {
      const c = io();
      const code = await main(argv, { STEWARD_DATA_DIR: tempDir('cli-usage'), LOG_LEVEL: 'silent' }, c.io);
      return { code, err: c.err };
    };
    expect(await run('token', 'create', 'ci')).toEqual({ code: 2, err: ["steward: required option '--role <role>' not specified. See steward token create --help."] });
    expect(await run('drift', '--bogus')).toEqual({ code: 2, err: ["steward: unknown option '--bogus'. See steward drift --help."] });
    expect(await run('--bogus')).toEqual({ code: 2, err: ["steward: unknown option '--bogus'. See steward --help."] });
  });
});
