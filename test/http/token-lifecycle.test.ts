import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { createToken } from '../../src/governance/create-token.js';
import { hashToken } from '../../src/governance/create-token.js';
import { revokeToken } from '../../src/governance/revoke-token.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { silentLogger } from '../../src/ports/logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { testConfig } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';

describe.each(drivers())('API tokens: expiry, last use and revocation across replicas, on %s', (driver) => {
  let db: TestDatabase;
  const servers: RunningHttpServer[] = [];
  const clock = new FixedClock(new Date('2026-12-06T09:00:00Z'));
  beforeEach(async () => {
    clock.set(new Date('2026-12-06T09:00:00Z'));
    db = await freshDatabase(driver);
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await db.close();
  });

  /** A replica: its own Steward and HTTP API over the shared database. */
  async function replica() {
    const config = testConfig();
    const h = harness({ store: drizzleStore(db.db), config, clock });
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app: h.app, store: h.store, clock, config, log: silentLogger, renderText: (r) => renderText(r) }), log: silentLogger });
    servers.push(server);
    return { h, url: server.url };
  }
  const call = (url: string, token: string) => fetch(`${url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'models' }) });

  it('a revoked token is refused by every replica from the next request on', async () => {
    const [a, b] = [await replica(), await replica()];
    const t = await createToken(a.h.deps, SYSTEM, { name: 'ci', role: 'admin' });
    if (!t.ok) throw new Error(t.error.message);
    expect((await call(a.url, t.value.token)).status).toBe(200);
    expect((await call(b.url, t.value.token)).status).toBe(200);
    expect((await revokeToken(a.h.deps, SYSTEM, 'ci')).ok).toBe(true);
    const started = performance.now();
    const [ra, rb] = await Promise.all([call(a.url, t.value.token), call(b.url, t.value.token)]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect([ra.status, rb.status]).toEqual([401, 401]);
    expect(((await rb.json()) as { message: string }).message).toMatch(/unknown, revoked or expired/);
    const audit = (await a.h.store.read.audit.scan(0, 100)).map((e) => [e.action, e.target]);
    expect(audit).toEqual(expect.arrayContaining([['token.created', 'token:ci'], ['token.revoked', 'token:ci']]));
    expect(await revokeToken(a.h.deps, SYSTEM, 'ci')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await revokeToken(a.h.deps, SYSTEM, 'cj')).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/Did you mean `ci`\?/) } });
  });

  it('an expiring token works until its time and is refused after; its last use is recorded', async () => {
    const { h, url } = await replica();
    const t = await createToken(h.deps, SYSTEM, { name: 'nightly', role: 'viewer', expiresInMs: 3_600_000 });
    if (!t.ok) throw new Error(t.error.message);
    expect((await h.store.read.tokens.list())[0]).toMatchObject({ name: 'nightly', lastUsedAt: null, expiresAt: new Date('2026-12-06T10:00:00Z') });
    clock.set(new Date('2026-12-06T09:30:00Z'));
    expect((await call(url, t.value.token)).status).toBe(200);
    expect((await h.store.read.tokens.list())[0]!.lastUsedAt).toEqual(new Date('2026-12-06T09:30:00Z'));
    clock.set(new Date('2026-12-06T10:00:01Z'));
    expect((await call(url, t.value.token)).status).toBe(401);
  });
});

describe('steward token list | revoke | create --expires', () => {
  it('lists tokens without their secrets, revokes by name, and refuses bad input in one line', async () => {
    const dir = tempDir('tokens');
    writeFileSync(`${dir}/steward.yaml`, 'members:\n  "cli:*": [admin]\n');
    const env = { STEWARD_DATA_DIR: `${dir}/data`, STEWARD_CONFIG: `${dir}/steward.yaml`, LOG_LEVEL: 'silent', STEWARD_USER: 'ops' };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const created = await run('token', 'create', 'ci', '--role', 'admin', '--expires', '90d');
    expect(created.code).toBe(0);
    const secret = created.out.trim();
    expect(created.err).toMatch(/valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect((await run('token', 'create', 'nightly', '--role', 'viewer')).code).toBe(0);
    const list = await run('token', 'list');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^name\s+role\s+state\s+created\s+by\s+last used\s+expires$/);
    expect(list.out).toMatch(/^ci\s+admin\s+active\s/m);
    const json = await run('token', 'list', '--format', 'json');
    const parsed = JSON.parse(json.out) as { name: string; state: string; expiresAt: string | null }[];
    expect(parsed.map((t) => [t.name, t.state])).toEqual([['ci', 'active'], ['nightly', 'active']]);
    expect(parsed[0]!.expiresAt).not.toBeNull();
    for (const out of [list.out, json.out]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(hashToken(secret));
    }
    expect(await run('token', 'revoke', 'ci')).toMatchObject({ code: 0, out: expect.stringMatching(/revoked/) });
    expect((await run('token', 'list')).out).toMatch(/^ci\s+admin\s+revoked\s/m);
    const again = await run('token', 'revoke', 'ci');
    expect(again.code).toBe(2);
    expect(again.err.split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/already revoked/);
    expect((await run('token', 'create', 'x', '--role', 'admin', '--expires', 'soon')).err).toMatch(/^steward: --expires takes a duration such as 90d/);
  });
});
