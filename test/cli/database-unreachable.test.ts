import { createServer } from 'node:net';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { LOG_LEVEL: 'silent', STEWARD_USER: 'ci', ...env }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

/** A TCP port on 127.0.0.1 nothing listens on: one the OS just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** A PostgreSQL that answers at postgres://postgres@127.0.0.1:5432, or null. */
async function localPostgres(): Promise<string | null> {
  const url = 'postgres://postgres@127.0.0.1:5432/postgres';
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return url;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

describe('DATABASE_URL that leads nowhere: one line naming DATABASE_URL and what to do, exit 4, no password', () => {
  let pg: string | null = null;
  beforeAll(async () => {
    pg = await localPostgres();
  });

  it('a closed port on 127.0.0.1: connection refused', async () => {
    const port = await closedPort();
    for (const argv of [['models'], ['audit', 'export', '--format', 'csv'], ['migrate']]) {
      const r = await run(argv, { DATABASE_URL: `postgres://steward:s3cret-pw@127.0.0.1:${port}/steward` });
      expect(r.err, argv.join(' ')).toEqual([`steward: cannot reach PostgreSQL at 127.0.0.1:${port} (DATABASE_URL): connection refused. Start the database or fix DATABASE_URL.`]);
      expect(r.code).toBe(4);
      expect(r.out).toEqual([]);
    }
  }, 60_000);

  it('a database that does not exist (PostgreSQL at 127.0.0.1:5432): says how to create it', async (ctx) => {
    if (!pg) ctx.skip();
    const name = `steward_missing_${process.pid}`;
    const url = new URL(pg!);
    url.password = 's3cret-pw';
    url.pathname = `/${name}`;
    const r = await run(['models'], { DATABASE_URL: url.toString() });
    expect(r.err).toEqual([`steward: database "${name}" does not exist (DATABASE_URL): create it (createdb ${name}) or fix DATABASE_URL.`]);
    expect(r.err.join('')).not.toContain('s3cret-pw');
    expect(r.code).toBe(4);
  }, 60_000);
});
