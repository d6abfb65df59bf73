import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import { sign } from '../../src/deploy/targets/signature.js';
import { deployCallbackRoute } from '../../src/http/deploy-callback-route.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { mlflowWebhookRoute } from '../../src/http/mlflow-webhook-route.js';
import { mlflowClient } from '../../src/mirror/mlflow/mlflow-client.js';
import { silentLogger } from '../../src/ports/logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { signMlflowDelivery } from '../fakes/mlflow-stand-in.js';
import { slackSignature } from '../fakes/slack-signed-post.js';
import { SIGNING_SECRET, type SlackEnv, slackEnv } from '../adapters/slack/slack-test-env.js';
import { harness } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

/**
 * Signed requests, mutated: every generated change to a validly signed request — a flipped, dropped
 * or added byte, a truncated or oversized body, a re-encoded body (same meaning, other bytes), a
 * shifted timestamp, another delivery id, a changed or missing signature — is refused: never a 2xx,
 * never a 5xx, nothing written, the server still answering. RUNS mutations per endpoint (10,000 in CI).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const NOW = new Date('2026-12-06T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

type Req = { body: Buffer; headers: Record<string, string> };
type Mutation = (r: Req) => Req;

/** The mutations an attacker (or a broken proxy) makes; each yields a request that must be refused. */
function mutations(sigHeader: string, tsHeader: string, idHeader?: string): fc.Arbitrary<Mutation> {
  const at = (r: Req, i: number) => Math.abs(i) % Math.max(1, r.body.length);
  return fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([i, x]): Mutation => (r) => {
      const b = Buffer.from(r.body);
      b[at(r, i)] = b[at(r, i)]! ^ x;
      return { ...r, body: b };
    }),
    fc.nat().map((i): Mutation => (r) => ({ ...r, body: Buffer.concat([r.body.subarray(0, at(r, i)), r.body.subarray(at(r, i) + 1)]) })),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([i, bytes]): Mutation => (r) => ({ ...r, body: Buffer.concat([r.body.subarray(0, at(r, i)), Buffer.from(bytes), r.body.subarray(at(r, i))]) })),
    fc.nat().map((i): Mutation => (r) => ({ ...r, body: r.body.subarray(0, at(r, i)) })),
    fc.constantFrom(' ', '\n', '\t').map((ws): Mutation => (r) => ({ ...r, body: Buffer.from(`${ws}${r.body.toString('utf8')}`) })),
    fc.constant<Mutation>((r) => ({ ...r, body: Buffer.from(JSON.stringify(safeParse(r.body)) ?? `${r.body.toString('utf8')} `) })),
    fc.constant<Mutation>((r) => ({ ...r, body: Buffer.from(r.body.toString('utf8').replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)) })),
    fc.integer({ min: 1, max: 10_000 }).chain((d) => fc.constantFrom(d, -d)).map((d): Mutation => (r) => ({ ...r, headers: { ...r.headers, [tsHeader]: String(Number(r.headers[tsHeader]) + d) } })),
    fc.constantFrom('', 'abc', '0', '-1', '99999999999999', '1e9').map((v): Mutation => (r) => ({ ...r, headers: { ...r.headers, [tsHeader]: v } })),
    fc.nat().map((i): Mutation => (r) => {
      const s = r.headers[sigHeader]!;
      const j = 3 + (i % Math.max(1, s.length - 3));
      return { ...r, headers: { ...r.headers, [sigHeader]: `${s.slice(0, j)}${s[j] === '0' ? '1' : '0'}${s.slice(j + 1)}` } };
    }),
    fc.constant<Mutation>((r) => {
      const { [sigHeader]: _, ...rest } = r.headers;
      return { ...r, headers: rest };
    }),
    fc.constant<Mutation>((r) => ({ ...r, body: Buffer.concat([r.body, Buffer.alloc(2 * 1024 * 1024, 0x20)]) })),
    ...(idHeader ? [fc.uuid().map((u): Mutation => (r) => ({ ...r, headers: { ...r.headers, [idHeader]: u } }))] : []),
  );
}
const safeParse = (b: Buffer): unknown => {
  try {
    const v = JSON.parse(b.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? { ...(v as object), _: 1 } : v;
  } catch {
    return null;
  }
};

const differs = (a: Req, b: Req) => !a.body.equals(b.body) || JSON.stringify(a.headers) !== JSON.stringify(b.headers);

async function send(url: string, r: Req): Promise<number> {
  try {
    return (await fetch(url, { method: 'POST', headers: r.headers, body: r.body })).status;
  } catch {
    return 0; // the server cut an oversized body off (it answered 413 first)
  }
}

describe('mutated MLflow deliveries are all refused', () => {
  let server: RunningHttpServer;
  let store: InMemoryStore;
  const SECRET = 'mlflow-fuzz-secret-0123456789';
  beforeAll(async () => {
    store = new InMemoryStore();
    const config = configFromYaml('registry:\n  kind: mlflow\n  url: http://127.0.0.1:9\n  webhookSecretEnv: S\n  models: ["*"]\n', { S: SECRET });
    const h = harness({ store, config, clock: new FixedClock(NOW) });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [mlflowWebhookRoute({ store: h.store, clock: h.clock, log: silentLogger, config, source: mlflowClient(config.registry!) })], log: silentLogger });
  });
  afterAll(async () => server?.close());

  it(`${RUNS} mutations: no 2xx, no 5xx, nothing written`, async () => {
    const body = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: NOW.toISOString(), data: { name: 'fraud-detector', version: '1', source: 's3://m/1', run_id: null, tags: {}, description: null } });
    const base: Req = { body: Buffer.from(body), headers: { 'content-type': 'application/json', ...signMlflowDelivery(SECRET, body, { timestamp: T, deliveryId: '11111111-2222-4333-8444-555555555555' }) } };
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(mutations('X-MLflow-Signature', 'X-MLflow-Timestamp', 'X-MLflow-Delivery-Id'), async (m) => {
        const r = m(base);
        if (!differs(r, base)) return;
        const status = await send(`${server.url}/api/v1/mlflow/webhook`, r);
        seen.set(status, (seen.get(status) ?? 0) + 1);
        expect(status < 200 || status >= 300, `accepted: ${r.body.toString('utf8').slice(0, 200)}`).toBe(true);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    expect(await store.read.models.names()).toEqual([]);
    expect(await store.read.audit.scan(0, 10)).toEqual([]);
    // and the untouched delivery still works: the refusals were about the changes
    expect(await send(`${server.url}/api/v1/mlflow/webhook`, base)).toBe(200);
    expect([...seen.keys()].every((s) => [0, 400, 401, 413].includes(s))).toBe(true);
  }, 600_000);
});

describe('mutated deploy callbacks are all refused', () => {
  let server: RunningHttpServer;
  let store: InMemoryStore;
  const SECRET = 'whsec_fuzz_callback_secret';
  let id = 0;
  beforeAll(async () => {
    store = new InMemoryStore();
    const config = configFromYaml('targets:\n  production:\n    kind: webhook\n    url: http://127.0.0.1:9/deploy\n    secretEnv: S\n', { S: SECRET });
    const h = harness({ store, config, clock: new FixedClock(NOW) });
    const r = await store.transaction(async (tx) => {
      const m = (await tx.models.create({ name: 'fraud-detector', createdBy: 'cli:ci', createdAt: NOW }))!;
      const v = await tx.versions.create({ modelId: m.id, version: await tx.models.nextVersion(m.id), artifactUri: 's3://m/1', createdBy: 'cli:ci', createdAt: NOW });
      return ok(await tx.deployments.create({ modelId: m.id, versionId: v.id, environment: 'production', kind: 'deploy', status: 'running', requestedBy: 'console:alice', requestedAt: NOW, startedAt: NOW }));
    });
    if (!r.ok) throw new Error('setup');
    id = r.value.id;
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [deployCallbackRoute(h.deps)], log: silentLogger });
  });
  afterAll(async () => server?.close());

  it(`${RUNS} mutations: no 2xx, no 5xx, the deployment untouched`, async () => {
    const body = JSON.stringify({ deploymentId: id, status: 'succeeded', message: 'rolled out' });
    const base: Req = { body: Buffer.from(body), headers: { 'content-type': 'application/json', 'X-Steward-Timestamp': String(T), 'X-Steward-Signature': sign(SECRET, T, body) } };
    await fc.assert(
      fc.asyncProperty(mutations('X-Steward-Signature', 'X-Steward-Timestamp'), async (m) => {
        const r = m(base);
        if (!differs(r, base)) return;
        const status = await send(`${server.url}/api/v1/deployments/${id}/callback`, r);
        expect(status < 200 || status >= 300, `accepted: ${r.body.toString('utf8').slice(0, 200)} ${JSON.stringify(r.headers)}`).toBe(true);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    expect((await store.read.deployments.byId(id))!.status).toBe('running');
    expect(await store.read.audit.scan(0, 10)).toEqual([]);
    // the untouched callback is accepted: the refusals were about the changes
    expect(await send(`${server.url}/api/v1/deployments/${id}/callback`, base)).toBe(200);
    expect((await store.read.deployments.byId(id))!.status).toBe('succeeded');
    // replayed: the same outcome again is answered 200 (a receiver may retry safely) and changes nothing
    const audited = (await store.read.audit.scan(0, 10_000)).length;
    expect(await send(`${server.url}/api/v1/deployments/${id}/callback`, base)).toBe(200);
    expect((await store.read.deployments.byId(id))!.status).toBe('succeeded');
    expect((await store.read.audit.scan(0, 10_000)).length).toBe(audited);
  }, 600_000);
});

describe('mutated Slack requests are all refused', () => {
  let env: SlackEnv;
  let handled = 0;
  beforeAll(async () => {
    env = await slackEnv({ wrapApp: (app) => ({ ...app, handleText: (inv, s) => (handled++, app.handleText(inv, s)), handleAction: (inv) => (handled++, app.handleAction(inv)) }) });
  });
  afterAll(async () => env?.close());

  it(`${RUNS} mutations of a signed slash command: no 2xx, no 5xx, no command run`, async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = `token=x&team_id=T0001&channel_id=C0001&user_id=U0ALICE&command=%2Fmlops&text=models&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr&trigger_id=1.2.3`;
    const base: Req = { body: Buffer.from(body), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSignature(SIGNING_SECRET, now, body) } };
    await fc.assert(
      fc.asyncProperty(mutations('x-slack-signature', 'x-slack-request-timestamp'), async (m) => {
        const r = m(base);
        if (!differs(r, base)) return;
        const status = await send(env.endpoint, r);
        expect(status < 200 || status >= 300, `accepted: ${r.body.toString('utf8').slice(0, 200)}`).toBe(true);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    expect(handled).toBe(0);
    expect(await send(env.endpoint, base)).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(handled).toBe(1);
    // replayed as it was, within its timestamp window: refused, the command does not run again
    expect(await Promise.all([send(env.endpoint, base), send(env.endpoint, base), send(env.endpoint, base)])).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(handled).toBe(1);
  }, 600_000);
});
