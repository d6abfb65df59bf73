import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/chat/replies/text-render.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { createToken } from '../../src/governance/create-token.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { silentLogger } from '../../src/ports/logger.js';
import { systemClock } from '../../src/core/clock.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { type DeployHarness, deployHarness } from '../helpers/deploy-harness.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { configFromYaml } from '../helpers/test-config.js';

const YAML = `
roles:
  approver: [read]
  deployer: ["deploy:production", register]
  counter: ["log-predictions:staging"]
members:
  "console:bob": [approver]
  "console:carol": [approver]
policies:
  production:
    approvals: 2
    approverRoles: [approver]
    expiry: 24h
`;

describe.each(drivers())('GET /api/v1/deployments/:id on %s: a pipeline waits for sign-off over HTTP', (driver: Driver) => {
  let db: TestDatabase;
  let h: DeployHarness;
  let server: RunningHttpServer;
  let stopping = false;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshDatabase(driver);
    const config = configFromYaml(YAML);
    h = deployHarness({ store: drizzleStore(db.db), config, target: new ScriptedTarget(() => ({ state: 'succeeded', message: 'deployed' })) });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app: h.app, store: h.store, clock: systemClock, config, log: silentLogger, renderText: (r) => renderText(r), stopping: () => stopping }), log: silentLogger });
    for (const [name, role] of [['ci', 'deployer'], ['looker', 'viewer'], ['counter', 'counter']] as const) {
      tokens[name] = ((await createToken(h.deps, SYSTEM, { name, role })) as { value: { token: string } }).value.token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const call = async (method: string, path: string, opts: { token?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('requested through /api/v1/commands, read with each approval as it comes (long poll), then the outcome and its exit code', async () => {
    expect((await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'register fraud s3://m/1' } })).status).toBe(200);
    const req = await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'deploy fraud 1 to production' } });
    expect(req.status).toBe(200);
    const id = req.body.data.id as number;

    const first = await call('GET', `/api/v1/deployments/${id}`, { token: tokens.ci });
    expect(first).toMatchObject({ status: 200, body: { id, model: 'fraud', version: 1, environment: 'production', status: 'awaiting_approval', approvals: [], needed: 2, requestedBy: 'ci', outcome: null, exitCode: null } });
    expect(first.body).not.toHaveProperty('changed');

    // nothing happens: the long poll answers when the time passes, unchanged
    let t0 = Date.now();
    const idle = await call('GET', `/api/v1/deployments/${id}?wait=1s`, { token: tokens.looker });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(idle.body).toMatchObject({ status: 'awaiting_approval', changed: false, exitCode: null });

    // an approval arrives while it waits: it answers then, long before its 20 s
    t0 = Date.now();
    const polled = call('GET', `/api/v1/deployments/${id}?wait=20s`, { token: tokens.ci });
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.say(`/mlops approve ${id}`, 'bob')).error).toBeUndefined();
    const one = await polled;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(one.body).toMatchObject({ status: 'awaiting_approval', approvals: [{ by: 'bob' }], changed: true, exitCode: null });

    expect((await h.say(`/mlops approve ${id}`, 'carol')).error).toBeUndefined();
    let last = one.body;
    for (let i = 0; i < 20 && last.outcome === null; i++) last = (await call('GET', `/api/v1/deployments/${id}?wait=5s`, { token: tokens.ci })).body;
    expect(last).toMatchObject({ status: 'succeeded', outcome: 'succeeded', exitCode: 0, approvals: [{ by: 'bob' }, { by: 'carol' }] });
    // an ended deployment answers at once, whatever the wait
    t0 = Date.now();
    expect((await call('GET', `/api/v1/deployments/${id}?wait=60s`, { token: tokens.ci })).body).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('a stopping server answers a long poll at once', async () => {
    expect((await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'register fraud s3://m/2' } })).status).toBe(200);
    const req = await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'deploy fraud 2 to production' } });
    expect(req.status).toBe(200);
    const id = req.body.data.id as number;
    const t0 = Date.now();
    const polled = call('GET', `/api/v1/deployments/${id}?wait=30s`, { token: tokens.ci });
    await new Promise((r) => setTimeout(r, 200));
    stopping = true;
    expect((await polled).body).toMatchObject({ id, status: 'awaiting_approval', changed: false });
    expect(Date.now() - t0).toBeLessThan(3_000);
    stopping = false;
  });

  it('refuses what it cannot answer, one line each', async () => {
    expect((await call('GET', '/api/v1/deployments/1')).status).toBe(401);
    expect(await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'deploy fraud 2 to production --wait' } })).toMatchObject({ status: 400, body: { exitCode: 2, text: expect.stringContaining('--wait works on the command line only (steward deploy … --wait); here, follow the card; over the HTTP API, wait with GET /api/v1/deployments/<id>?wait=30s.') } });
    expect(await call('GET', '/api/v1/deployments/999', { token: tokens.ci })).toEqual({ status: 404, body: { error: 'not_found', message: 'There is no deployment #999.' } });
    expect(await call('GET', '/api/v1/deployments/abc', { token: tokens.ci })).toMatchObject({ status: 400, body: { error: 'bad_input', message: expect.stringContaining('"abc" is not a deployment number') } });
    expect(await call('GET', '/api/v1/deployments/1?wait=2m', { token: tokens.ci })).toMatchObject({ status: 400, body: { message: expect.stringContaining('wait takes a duration up to 60s') } });
    expect(await call('GET', '/api/v1/deployments/1?wait=soon', { token: tokens.ci })).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/v1/deployments/1?since=3', { token: tokens.ci })).toMatchObject({ status: 400, body: { message: 'unknown parameter "since"; the only one is ?wait=30s' } });
    expect(await call('GET', '/api/v1/deployments/1', { token: tokens.counter })).toEqual({ status: 403, body: { error: 'forbidden', message: 'api:counter is not allowed to read deployments in production: it needs a role with read, or deploy there.' } });
  });
});
