import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { type StewardChild, startSteward, until } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

let server: StewardChild | null = null;
let db: TestDatabase | null = null;
afterEach(async () => {
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL');
  await server?.exited;
  server = null;
  await db?.close();
  db = null;
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
}

describe.runIf(hasPostgres())('a one-shot CLI next to a running steward start on one PostgreSQL (separate OS processes)', () => {
  it('promises the deployment while the server runs (and the server runs it); once it stopped, says nobody will', async () => {
    db = await freshDatabase('postgres');
    const dir = tempDir('heartbeat');
    const env = { DATABASE_URL: db.url!, STEWARD_DATA_DIR: dir, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    const store = drizzleStore(db.db);
    expect((await cli(env, 'register', 'churn', 's3://m/1')).code).toBe(0);
    expect((await cli(env, 'register', 'fraud', 's3://f/1')).code).toBe(0);

    server = startSteward({ DATABASE_URL: db.url!, STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0', STEWARD_USER: 'ops' });
    await server.waitFor(/HTTP API listening on/);
    await until('the server’s heartbeat', async () => (await store.read.instances.seenSince(new Date(Date.now() - 60_000))).length > 0);

    const queued = await cli(env, 'deploy', 'churn', '1', 'to', 'staging');
    expect(queued.code).toBe(0);
    expect(queued.out).toContain('Approved — queued to run');
    expect(queued.err).toEqual([]); // a running Steward will pick it up…
    await until('the server to run it', async () => (await store.read.deployments.byId(1))?.status === 'succeeded'); // …and does

    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(await store.read.instances.seenSince(new Date(0))).toEqual([]); // a clean shutdown removes its row at once

    const left = await cli(env, 'deploy', 'fraud', '1', 'to', 'staging');
    expect(left.code).toBe(0);
    expect(left.err).toEqual(['steward: No running Steward is connected to this database: deployment #2 stays approved until you run `steward start`.']);
    expect((await store.read.deployments.byId(2))?.status).toBe('approved');
  }, 120_000);
});
