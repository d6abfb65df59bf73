import { spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowStandIn, pythonJsonDumps, signMlflowDelivery, type MlflowStandInOptions } from '../fakes/mlflow-stand-in.js';
import { closedPort } from './target-fixtures.js';

/** A webhook receiver on loopback: records each POST's raw bytes and headers, answers the scripted statuses (then 200). */
class Receiver {
  readonly got: { headers: IncomingHttpHeaders; raw: Buffer }[] = [];
  readonly statuses: number[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.got.push({ headers: req.headers, raw: Buffer.concat(chunks) });
        res.writeHead(this.statuses.shift() ?? 200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  bodies(): unknown[] {
    return this.got.map((g) => JSON.parse(g.raw.toString('utf8')));
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

const TOKEN = 'stand-in-token';
let ml: MlflowStandIn | null = null;
let rx: Receiver | null = null;
afterEach(async () => {
  await ml?.close();
  await rx?.close();
  ml = null;
  rx = null;
});

async function setUp(o: MlflowStandInOptions = {}) {
  ml = await new MlflowStandIn({ token: TOKEN, retryBaseMs: 1, ...o }).start();
  rx = await new Receiver().start();
  const call = async (method: string, path: string, q: Record<string, string> = {}, body?: unknown) => {
    const res = await fetch(`${ml!.url}/api/2.0/mlflow/${path}${Object.keys(q).length ? `?${new URLSearchParams(q)}` : ''}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { ml, rx, call };
}

function pythonRoundTrip(text: string): string {
  const r = spawnSync('python3', ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())), end="")'], { input: text, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('MlflowStandIn: registry REST', () => {
  it('pages registered-models/search by name, with filters, omitting empty arrays and the last token', async () => {
    const { ml, call } = await setUp({ pageSize: 2 });
    ml.createRegisteredModel('fraud-detector', { description: 'card fraud', tags: { team: 'risk' } });
    for (const n of ['churn', 'fraud-scorer', 'ltv']) ml.addVersion(n, { source: `s3://m/${n}/1` });
    ml.createRegisteredModel('forecast');
    ml.setAlias('churn', 'champion', '1');

    const names: string[] = [];
    const tokens: (string | null)[] = [];
    let token: string | undefined;
    do {
      tokens.push(token ?? null);
      const r = await call('GET', 'registered-models/search', token ? { page_token: token } : {});
      expect(r.status).toBe(200);
      expect(r.body.registered_models.length).toBeLessThanOrEqual(2);
      names.push(...r.body.registered_models.map((m: { name: string }) => m.name));
      token = r.body.next_page_token;
    } while (token);
    expect(names).toEqual(['churn', 'forecast', 'fraud-detector', 'fraud-scorer', 'ltv']);
    expect(tokens).toHaveLength(3);

    const fr = await call('GET', 'registered-models/search', { filter: "name LIKE 'fr%'", max_results: '10' });
    expect(fr.body.registered_models.map((m: { name: string }) => m.name)).toEqual(['fraud-detector', 'fraud-scorer']);
    expect(fr.body).not.toHaveProperty('next_page_token');
    const one = await call('GET', 'registered-models/search', { filter: "name='fraud-detector'" });
    expect(one.body.registered_models).toEqual([{ name: 'fraud-detector', creation_timestamp: expect.any(Number), last_updated_timestamp: expect.any(Number), description: 'card fraud', tags: [{ key: 'team', value: 'risk' }] }]);
    expect((await call('GET', 'registered-models/search', { filter: "name LIKE 'nothing%'" })).body).toEqual({});
    expect((await call('GET', 'registered-models/search', { filter: "tags.team = 'risk'" })).body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect((await call('GET', 'registered-models/search', { max_results: 'lots' })).status).toBe(400);

    const churn = await call('GET', 'registered-models/get', { name: 'churn' });
    expect(churn.body).toEqual({ registered_model: { name: 'churn', creation_timestamp: expect.any(Number), last_updated_timestamp: expect.any(Number), aliases: [{ alias: 'champion', version: '1' }] } });
    expect(await call('GET', 'registered-models/get', { name: 'nope' })).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Registered Model with name=nope not found' } });
  });

  it('pages model-versions/search with and without a filter; model-versions/get has the MLflow shape', async () => {
    const { ml, call } = await setUp({ pageSize: 3 });
    ml.createVersion('a', { source: 's3://a/1', runId: 'r1', tags: { k: 'v' }, description: 'first', userId: 'alice@example.com' });
    ml.createVersion('b', { source: 's3://b/1' });
    ml.addVersion('a', { source: 's3://a/2' });
    ml.createVersion('b', { source: 's3://b/2' });
    ml.createVersion('a', { source: 's3://a/3' });

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call('GET', 'model-versions/search', { max_results: '2', ...(token ? { page_token: token } : {}) });
      seen.push(...r.body.model_versions.map((v: { name: string; version: string }) => `${v.name}/${v.version}`));
      token = r.body.next_page_token;
      pages++;
    } while (token);
    expect(seen).toEqual(['a/1', 'b/1', 'a/2', 'b/2', 'a/3']);
    expect(pages).toBe(3);
    const filtered = await call('GET', 'model-versions/search', { filter: "name='a'" });
    expect(filtered.body.model_versions.map((v: { version: string }) => v.version)).toEqual(['1', '2', '3']);
    expect(filtered.body.next_page_token).toBeUndefined(); // 3 fit the page size of 3

    ml.setAlias('a', 'prod', 1);
    const got = await call('GET', 'model-versions/get', { name: 'a', version: '1' });
    expect(got.body).toEqual({
      model_version: {
        name: 'a',
        version: '1',
        creation_timestamp: expect.any(Number),
        last_updated_timestamp: expect.any(Number),
        user_id: 'alice@example.com',
        current_stage: 'None',
        description: 'first',
        source: 's3://a/1',
        run_id: 'r1',
        status: 'READY',
        tags: [{ key: 'k', value: 'v' }],
        aliases: ['prod'],
      },
    });
    expect(await call('GET', 'model-versions/get', { name: 'a', version: '9' })).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Model Version (name=a, version=9) not found' } });
    expect((await call('GET', 'model-versions/get', { name: 'a' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('answers runs/get with info and data, 404 for an unknown run, and failPath fails only that endpoint', async () => {
    const { ml, call } = await setUp({ now: () => 1_765_000_000_123 });
    ml.addRun('0a1b2c', { metrics: { auc: 0.91, loss: 0.25 }, params: { lr: '0.01' }, userId: 'bob' });
    expect(await call('GET', 'runs/get', { run_id: '0a1b2c' })).toEqual({
      status: 200,
      body: {
        run: {
          info: { run_id: '0a1b2c', run_uuid: '0a1b2c', experiment_id: '0', user_id: 'bob', status: 'FINISHED', start_time: 1_765_000_000_123, end_time: 1_765_000_000_123, artifact_uri: 'mlflow-artifacts:/0/0a1b2c/artifacts', lifecycle_stage: 'active' },
          data: {
            metrics: [
              { key: 'auc', value: 0.91, timestamp: 1_765_000_000_123, step: 0 },
              { key: 'loss', value: 0.25, timestamp: 1_765_000_000_123, step: 0 },
            ],
            params: [{ key: 'lr', value: '0.01' }],
            tags: [],
          },
        },
      },
    });
    expect(await call('GET', 'runs/get', { run_id: 'nope' })).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run with id=nope not found' } });

    ml.failPath('runs/get', 503, 2);
    expect((await call('GET', 'runs/get', { run_id: '0a1b2c' })).body).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE' });
    expect((await call('GET', 'registered-models/search')).status).toBe(200);
    expect((await call('GET', 'runs/get', { run_id: '0a1b2c' })).status).toBe(503);
    expect((await call('GET', 'runs/get', { run_id: '0a1b2c' })).status).toBe(200);

    const noAuth = await fetch(`${ml.url}/api/2.0/mlflow/runs/get?run_id=0a1b2c`);
    expect(noAuth.status).toBe(401);
  });

  it('deletes an alias (query or JSON body) and emits model_version_alias.deleted; POST alias emits .created on every set', async () => {
    const { ml, rx, call } = await setUp();
    ml.addWebhook({ url: rx.url, events: ['model_version_alias.created', 'model_version_alias.deleted'] });
    ml.addVersion('m', { source: 's3://m/1' });
    ml.addVersion('m', { source: 's3://m/2' });
    expect(await call('POST', 'registered-models/alias', {}, { name: 'm', alias: 'prod', version: '1' })).toEqual({ status: 200, body: {} });
    expect(await call('POST', 'registered-models/alias', {}, { name: 'm', alias: 'prod', version: '1' })).toEqual({ status: 200, body: {} });
    ml.setAlias('m', 'staging', '2');
    expect(await call('DELETE', 'registered-models/alias', { name: 'm', alias: 'prod' })).toEqual({ status: 200, body: {} });
    expect(ml.alias('m', 'prod')).toBeUndefined();
    expect(await call('DELETE', 'registered-models/alias', {}, { name: 'm', alias: 'staging' })).toEqual({ status: 200, body: {} });
    expect(ml.alias('m', 'staging')).toBeUndefined();
    expect((await call('GET', 'registered-models/alias', { name: 'm', alias: 'staging' })).status).toBe(404);
    expect((await call('DELETE', 'registered-models/alias', { name: 'nope', alias: 'prod' })).status).toBe(404);
    expect((await call('POST', 'registered-models/alias', {}, { name: 'm', alias: 'x', version: '7' })).status).toBe(404);

    await ml.settled();
    expect(rx.bodies().map((b: any) => [`${b.entity}.${b.action}`, b.data])).toEqual([
      ['model_version_alias.created', { name: 'm', alias: 'prod', version: '1' }],
      ['model_version_alias.created', { name: 'm', alias: 'prod', version: '1' }],
      ['model_version_alias.created', { name: 'm', alias: 'staging', version: '2' }],
      ['model_version_alias.deleted', { name: 'm', alias: 'prod' }],
      ['model_version_alias.deleted', { name: 'm', alias: 'staging' }],
    ]);
  });

  it('deleting a version hides it from get and search, drops its aliases, and never reuses its number', async () => {
    const { ml, call } = await setUp();
    ml.createVersion('m', { source: 's3://m/1' });
    ml.createVersion('m', { source: 's3://m/2' });
    ml.setAlias('m', 'prod', '2');
    expect(await call('DELETE', 'model-versions/delete', { name: 'm', version: '2' })).toEqual({ status: 200, body: {} });
    expect((await call('GET', 'model-versions/get', { name: 'm', version: '2' })).status).toBe(404);
    expect((await call('GET', 'model-versions/search', { filter: "name='m'" })).body.model_versions.map((v: { version: string }) => v.version)).toEqual(['1']);
    expect(ml.alias('m', 'prod')).toBeUndefined();
    expect((await call('GET', 'registered-models/get', { name: 'm' })).body.registered_model).not.toHaveProperty('aliases');
    expect((await call('DELETE', 'model-versions/delete', {}, { name: 'm', version: '2' })).status).toBe(404);
    expect(ml.createVersion('m', { source: 's3://m/3' }).version).toBe('3');
    ml.deleteVersion('m', 1);
    expect((await call('GET', 'model-versions/search')).body.model_versions.map((v: { version: string }) => v.version)).toEqual(['3']);
  });
});

describe('MlflowStandIn: webhooks as MLflow 3 sends them', () => {
  it('serialises the body exactly as Python json.dumps (ensure_ascii, ", " and ": ")', async () => {
    const { ml, rx } = await setUp();
    ml.addWebhook({ url: rx.url, events: ['registered_model.created', 'model_version.created'] });
    const text = 'Modèle «fraude» — naïve ✓ 😀 "quoted" \\ back\nline\ttab \u0001 \u007f';
    ml.createVersion('détecteur', { source: 's3://m/ü/1', runId: 'r1', tags: { 'steward.sha256': 'ab', équipe: '风险' }, description: text });
    await ml.settled();

    expect(rx.got).toHaveLength(2);
    for (const g of rx.got) {
      const body = g.raw.toString('utf8');
      expect(body).toBe(pythonRoundTrip(body));
      expect(/^[\x20-\x7e]*$/.test(body)).toBe(true);
    }
    const [rm, mv] = rx.got.map((g) => g.raw.toString('utf8'));
    expect(rm).toMatch(/^\{"entity": "registered_model", "action": "created", "timestamp": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00", "data": \{"name": "d\\u00e9tecteur", "tags": \{\}, "description": null\}\}$/);
    expect(JSON.parse(mv!)).toMatchObject({ entity: 'model_version', action: 'created', data: { name: 'détecteur', version: '1', source: 's3://m/ü/1', run_id: 'r1', tags: { 'steward.sha256': 'ab', équipe: '风险' }, description: text } });
    expect(mv).toContain('\\ud83d\\ude00');
    expect(ml.deliveries.map((d) => d.event)).toEqual(['registered_model.created', 'model_version.created']);

    // the serialiser on its own, against Python, for the other value kinds
    const sample = new Map<string, unknown>([['z', 1], ['a', [true, false, null, 0.1, -2.5, 1e-7, 1.5e16, 12345.678, -0]], ['é', { nested: 'ℵ', empty: [], o: {} }], ['10', 'integer-like key kept in place']]);
    const dumped = pythonJsonDumps(sample);
    expect(dumped).toBe('{"z": 1, "a": [true, false, null, 0.1, -2.5, 1e-07, 1.5e+16, 12345.678, 0], "\\u00e9": {"nested": "\\u2135", "empty": [], "o": {}}, "10": "integer-like key kept in place"}');
    expect(pythonRoundTrip(dumped)).toBe(dumped);
  });

  it('signs with HMAC-SHA256 over "<delivery id>.<timestamp>.<body>", verifiable with node:crypto', async () => {
    const { ml, rx } = await setUp({ now: () => 1_765_000_000_000 });
    const secret = 'whsec-stand-in';
    ml.addWebhook({ url: rx.url, secret, events: ['model_version_tag.set'] });
    ml.addWebhook({ url: `${rx.url}?unsigned`, events: ['model_version_tag.set'] });
    ml.createVersion('m', { source: 's3://m/1' });
    ml.setVersionTag('m', '1', 'approved', 'yes');
    await ml.settled();

    expect(rx.got).toHaveLength(2);
    const signed = rx.got.find((g) => g.headers['x-mlflow-signature'])!;
    const unsigned = rx.got.find((g) => !g.headers['x-mlflow-signature'])!;
    expect(unsigned.headers['x-mlflow-delivery-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const h = signed.headers;
    expect(h['content-type']).toBe('application/json');
    expect(h['x-mlflow-timestamp']).toBe('1765000000');
    const body = signed.raw.toString('utf8');
    expect(body).toBe('{"entity": "model_version_tag", "action": "set", "timestamp": "2025-12-06T05:46:40+00:00", "data": {"name": "m", "version": "1", "key": "approved", "value": "yes"}}');
    const expected = createHmac('sha256', secret).update(`${h['x-mlflow-delivery-id']}.${h['x-mlflow-timestamp']}.${body}`).digest();
    const [version, sig] = String(h['x-mlflow-signature']).split(',');
    expect(version).toBe('v1');
    expect(timingSafeEqual(Buffer.from(sig!, 'base64'), expected)).toBe(true);

    const byHand = signMlflowDelivery(secret, body, { deliveryId: String(h['x-mlflow-delivery-id']), timestamp: 1_765_000_000 });
    expect(byHand).toEqual({ 'Content-Type': 'application/json', 'X-MLflow-Delivery-Id': h['x-mlflow-delivery-id'], 'X-MLflow-Timestamp': '1765000000', 'X-MLflow-Signature': h['x-mlflow-signature'] });
    expect(signMlflowDelivery(secret, body.replace('yes', 'no'), { deliveryId: String(h['x-mlflow-delivery-id']), timestamp: 1_765_000_000 })['X-MLflow-Signature']).not.toBe(h['x-mlflow-signature']);
    expect(signMlflowDelivery('other-secret', body, { deliveryId: String(h['x-mlflow-delivery-id']), timestamp: 1_765_000_000 })['X-MLflow-Signature']).not.toBe(h['x-mlflow-signature']);
  });

  it('retries 503, 503 then 200 with the same delivery id, timestamp and bytes; a 400 is not retried', async () => {
    const { ml, rx } = await setUp();
    ml.addWebhook({ url: rx.url, secret: 's', events: ['model_version.created'] });
    rx.statuses.push(503, 503);
    ml.createVersion('m', { source: 's3://m/1' });
    await ml.settled();

    expect(rx.got).toHaveLength(3);
    const first = rx.got[0]!;
    for (const g of rx.got) {
      expect(g.raw.equals(first.raw)).toBe(true);
      for (const k of ['x-mlflow-delivery-id', 'x-mlflow-timestamp', 'x-mlflow-signature', 'content-type']) expect(g.headers[k]).toBe(first.headers[k]);
    }
    expect(ml.deliveries.map((d) => [d.attempt, d.status, d.deliveryId])).toEqual([
      [1, 503, first.headers['x-mlflow-delivery-id']],
      [2, 503, first.headers['x-mlflow-delivery-id']],
      [3, 200, first.headers['x-mlflow-delivery-id']],
    ]);

    rx.statuses.push(400);
    ml.createVersion('m', { source: 's3://m/2' });
    await ml.settled();
    expect(rx.got).toHaveLength(4);
    expect(ml.deliveries.at(-1)).toMatchObject({ attempt: 1, status: 400 });
  });

  it('gives up after maxRetries on an unreachable receiver, recording each attempt as an error', async () => {
    const { ml } = await setUp({ maxRetries: 2 });
    ml.addWebhook({ url: `http://127.0.0.1:${await closedPort()}/hook`, events: ['registered_model.created'] });
    ml.createRegisteredModel('m');
    await ml.settled();
    expect(ml.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    expect(new Set(ml.deliveries.map((d) => d.deliveryId)).size).toBe(1);
  });

  it('loses the events that happen while webhooksDown, and delivers the ones after', async () => {
    const { ml, rx } = await setUp();
    ml.addWebhook({ url: rx.url, events: ['registered_model.created', 'model_version.created', 'model_version_alias.created'] });
    ml.webhooksDown = true;
    ml.createVersion('m', { source: 's3://m/1' });
    ml.setAlias('m', 'prod', 1);
    ml.webhooksDown = false;
    await ml.settled();
    expect(rx.got).toHaveLength(0);
    ml.createVersion('m', { source: 's3://m/2' });
    await ml.settled();
    expect(rx.bodies()).toEqual([{ entity: 'model_version', action: 'created', timestamp: expect.any(String), data: { name: 'm', version: '2', source: 's3://m/2', run_id: null, tags: {}, description: null } }]);
    expect(ml.events.map((e) => [e.event, e.lost])).toEqual([
      ['registered_model.created', true],
      ['model_version.created', true],
      ['model_version_alias.created', true],
      ['model_version.created', false],
    ]);
  });

  it('does not emit for addVersion (a fixture), nor for events a webhook did not subscribe to', async () => {
    const { ml, rx } = await setUp();
    ml.addWebhook({ url: rx.url, events: ['model_version_tag.deleted'] });
    ml.addVersion('m', { source: 's3://m/1', tags: { a: '1' } });
    ml.setVersionTag('m', 1, 'b', '2');
    ml.deleteVersionTag('m', 1, 'a');
    await ml.settled();
    expect(rx.bodies().map((b: any) => b.data)).toEqual([{ name: 'm', version: '1', key: 'a' }]);
    expect(() => ml.addWebhook({ url: rx.url, events: ['model_version.deleted'] })).toThrow(/Invalid webhook event/);
  });
});
