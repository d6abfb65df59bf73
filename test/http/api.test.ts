import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { CommandPorts } from '../../src/chat/command-context.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { harness } from '../helpers/harness.js';
import { silentLogger } from '../../src/ports/logger.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { createToken } from '../../src/governance/create-token.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture, readFixture, seedDriftScenario, SYSTEM, tableToPredictions } from '../helpers/monitoring-fixtures.js';
import { testConfig } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';

const YAML = `roles:
  pipeline: [read, "log-predictions:staging", attach-labels, upload-reference]
members:
  "cli:*": [admin]
  "*": [viewer]
`;

describe.each(drivers())('HTTP API on %s (real HTTP on loopback)', (driver: Driver) => {
  let db: TestDatabase;
  let app: StewardApp;
  let deps: CommandPorts;
  let server: RunningHttpServer;
  let admin: string;
  let pipeline: string;
  const clock = new FixedClock('2026-11-27T12:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase(driver);
    const dir = tempDir('api');
    writeFileSync(join(dir, 'steward.yaml'), YAML);
    const config = testConfig({}, dir);
    const h = harness({ config, store: drizzleStore(db.db), clock });
    app = h.app;
    deps = h.deps;
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app, store: deps.store, clock, config: deps.config, log: silentLogger, renderText: (r) => renderText(r) }), log: silentLogger });
    await registerVersion(deps.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
    admin = ((await createToken(deps, SYSTEM, { name: 'ops', role: 'admin' })) as { value: { token: string } }).value.token;
    pipeline = ((await createToken(deps, SYSTEM, { name: 'ci', role: 'pipeline' })) as { value: { token: string } }).value.token;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const call = async (method: string, path: string, opts: { token?: string; json?: unknown; body?: string | Uint8Array; type?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    if (opts.type) headers['content-type'] = opts.type;
    const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const count = () => deps.store.read.predictions.count({ modelId: 1, from: new Date(0), to: new Date('2100-01-01') });

  it('GET /healthz answers without a token', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('refuses requests without a valid bearer token (401) and roles that do not grant the action (403)', async () => {
    const none = await call('POST', '/api/v1/predictions', { json: {} });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body.message).toMatch(/Authorization: Bearer <token>/);
    expect((await call('POST', '/api/v1/predictions', { json: {}, token: `${admin}x` })).status).toBe(401);
    const denied = await call('POST', '/api/v1/predictions', { token: pipeline, json: { model: 'fraud-detector', version: 1, environment: 'production', predictions: [{ id: 'a', features: {}, prediction: 1 }] } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/api:ci is not allowed to log-predictions in production/) });
    expect(await count()).toBe(0);
  });

  it('refuses JSON routes\' bodies sent as text/plain, a form or without a content type with 415 (after the token check), and writes nothing', async () => {
    const before = await count();
    const batch = JSON.stringify({ model: 'fraud-detector', version: 1, environment: 'staging', predictions: [{ id: 'typed-1', features: {}, prediction: 1 }] });
    for (const path of ['/api/v1/predictions', '/api/v1/labels', '/api/v1/commands']) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x']) {
        const r = await call('POST', path, { token: admin, body: batch, type });
        expect([path, type, r.status, r.body.error]).toEqual([path, type, 415, 'unsupported_media_type']);
        expect(r.body.message).toMatch(/send Content-Type: application\/json \(UTF-8\)$/);
      }
      const untyped = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: new TextEncoder().encode(batch) });
      expect([path, untyped.status, ((await untyped.json()) as { message: string }).message]).toEqual([path, 415, 'the Content-Type header is missing: send Content-Type: application/json (UTF-8)']);
      expect((await call('POST', path, { body: batch, type: 'text/plain' })).status).toBe(401);
    }
    expect(await count()).toBe(before);
    const charset = await call('POST', '/api/v1/predictions', { token: admin, body: batch, type: 'application/json; charset=UTF-8' });
    expect(charset).toMatchObject({ status: 200, body: { logged: 1 } });
  });

  it('answers numbers out of range in the URL as bad input or not found, never 500', async () => {
    const put = (version: string) => call('PUT', `/api/v1/models/fraud-detector/versions/${version}/reference`, { token: pipeline, json: { columns: { a: [1] } } });
    for (const version of ['2147483648', 'v2147483648', '99999999999999999999', '1e3', '0']) {
      expect([version, (await put(version)).status]).toEqual([version, 400]);
    }
    expect(await put('999999999')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('uploads a reference as CSV, logs 2000 predictions in one batch, and runs the drift check through /api/v1/commands', async () => {
    const csv = readFileSync(fixture('reference-large.csv'));
    const up = await call('PUT', '/api/v1/models/fraud-detector/versions/1/reference?categorical=zip', { token: pipeline, body: new Uint8Array(csv), type: 'text/csv' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ model: 'fraud-detector', version: 1, rows: 2500, replaced: false });
    expect(up.body.columns).toContainEqual({ name: 'zip', kind: 'categorical' });

    const ref = await readFixture('reference-large.csv', ['zip']);
    const cur = await readFixture('current-large.csv', ['zip'], new Map(ref.columns.map((c) => [c.name, c.kind])));
    const predictions = tableToPredictions(cur, { idPrefix: 'p', start: new Date('2026-11-26T00:00Z'), stepMs: 1000 });
    const logged = await call('POST', '/api/v1/predictions', { token: admin, json: { model: 'fraud-detector', version: 1, environment: 'production', predictions } });
    expect(logged).toMatchObject({ status: 200, body: { logged: 2000, labeled: 0 } });

    const cmd = await call('POST', '/api/v1/commands', { token: pipeline, json: { text: 'drift fraud-detector production --window 7d' } });
    expect(cmd.status).toBe(200);
    expect(cmd.body).toMatchObject({ ok: true, exitCode: 0, data: { datasetDrift: true, currentRows: 2000, referenceRows: 2500, drifted: ['income', 'age', 'city', 'zip'] } });
    expect(cmd.body.text).toMatch(/Dataset drift: yes — 4 of 7 features drifted/);
    const bad = await call('POST', '/api/v1/commands', { token: pipeline, json: { text: 'drift nope' } });
    expect(bad).toMatchObject({ status: 404, body: { ok: false, exitCode: 2, error: 'not_found' } });
  });

  it('rejects a batch with one bad row (400 naming row and field) and writes nothing', async () => {
    const before = await count();
    const r = await call('POST', '/api/v1/predictions', { token: pipeline, json: { model: 'fraud-detector', version: 1, environment: 'staging', predictions: [{ id: 's1', features: { a: 1 }, prediction: 1 }, { id: 's2', features: { a: [1] }, prediction: 1 }] } });
    expect(r).toMatchObject({ status: 400, body: { error: 'bad_input', message: expect.stringMatching(/^predictions\[1\]\.features\.a: must be a number, string, boolean or null \(got an array\)/) } });
    const dup = await call('POST', '/api/v1/predictions', { token: admin, json: { model: 'fraud-detector', version: 1, environment: 'staging', predictions: [{ id: 'fresh', features: {}, prediction: 0 }, { id: 'p-5', features: {}, prediction: 0 }] } });
    expect(dup).toMatchObject({ status: 409, body: { error: 'conflict', message: expect.stringMatching(/^predictions\[1\]\.id: prediction "p-5" is already logged/) } });
    expect((await call('POST', '/api/v1/predictions', { token: admin, body: '{nope', type: 'application/json' })).body.message).toMatch(/not valid JSON/);
    // a wrong field is named before the shape
    const seven = await call('POST', '/api/v1/predictions', { token: admin, json: { model: 'fraud-detector', version: 'seven', environment: 'staging', predictions: [] } });
    expect(seven).toMatchObject({ status: 400, body: { error: 'bad_input', message: expect.stringMatching(/^"version" "seven" is not a version number \(7 or "v7"\): the body is \{"model"/) } });
    expect(await count()).toBe(before);
  });

  it('attaches labels later by prediction id; an unknown id is a 404 and nothing changes', async () => {
    const miss = await call('POST', '/api/v1/labels', { token: pipeline, json: { model: 'fraud-detector', labels: [{ id: 'p-1', label: 1 }, { id: 'zzz', label: 0 }] } });
    expect(miss).toMatchObject({ status: 404, body: { message: expect.stringMatching(/^labels\[1\]\.id: no prediction "zzz"/) } });
    const ok = await call('POST', '/api/v1/labels', { token: pipeline, json: { model: 'fraud-detector', labels: [{ id: 'p-1', label: 1 }, { id: 'p-2', label: 0 }] } });
    expect(ok).toMatchObject({ status: 200, body: { labeled: 2 } });
    expect(await deps.store.read.predictions.count({ modelId: 1, from: new Date(0), to: new Date('2100-01-01'), labeled: true })).toBe(2);
  });

  it('accepts reference data as column-major JSON and as Parquet; audits each upload with the token identity', async () => {
    const json = await call('PUT', '/api/v1/models/fraud-detector/versions/1/reference', { token: pipeline, json: { columns: { amount: [1.5, null, 3], country: ['FR', 'DE', null] } } });
    expect(json).toMatchObject({ status: 200, body: { rows: 3, replaced: true, columns: [{ name: 'amount', kind: 'numeric' }, { name: 'country', kind: 'categorical' }] } });
    const pq = parquetWriteBuffer({ columnData: [{ name: 'amount', type: 'DOUBLE', data: [1, 2, null, 4] }, { name: 'flag', type: 'BOOLEAN', data: [true, false, true, null] }] });
    const r = await call('PUT', '/api/v1/models/fraud-detector/versions/v1/reference', { token: pipeline, body: new Uint8Array(pq), type: 'application/vnd.apache.parquet' });
    expect(r).toMatchObject({ status: 200, body: { rows: 4, columns: [{ name: 'amount', kind: 'numeric' }, { name: 'flag', kind: 'categorical' }] } });
    const got = (await deps.store.read.references.get((await deps.store.read.versions.get(1, 1))!.id))!;
    expect(got.data[1]).toEqual({ name: 'flag', kind: 'categorical', codes: new Int32Array([0, 1, 0, -1]), categories: ['true', 'false'] });
    const ragged = await call('PUT', '/api/v1/models/fraud-detector/versions/1/reference', { token: pipeline, json: { columns: { a: [1, 2], b: [1] } } });
    expect(ragged).toMatchObject({ status: 400, body: { message: expect.stringMatching(/columns\.b has 1 values but the first column has 2/) } });
    expect((await call('PUT', '/api/v1/models/fraud-detector/versions/1/reference', { token: pipeline, body: 'x', type: 'text/plain' })).status).toBe(415);
    const audit = await deps.store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'reference.uploaded', actor: 'api:ci', platform: 'api', details: { rows: 4, source: 'request body' } });
  });
});

describe.each(drivers())('POST /api/v1/commands with --fail-on on %s', (driver: Driver) => {
  let db: TestDatabase;
  let app: StewardApp;
  let deps: CommandPorts;
  let server: RunningHttpServer;
  let ci: string;
  const clock = new FixedClock('2026-11-27T12:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase(driver);
    const config = testConfig();
    const h = harness({ config, store: drizzleStore(db.db), clock });
    app = h.app;
    deps = h.deps;
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app, store: deps.store, clock, config: deps.config, log: silentLogger, renderText: (r) => renderText(r) }), log: silentLogger });
    await seedDriftScenario({ store: deps.store, clock, config }, { model: 'fraud-detector', env: 'staging' });
    ci = ((await createToken(deps, SYSTEM, { name: 'ci-pipeline', role: 'pipeline' })) as { value: { token: string } }).value.token;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const command = async (text: string) => {
    const res = await fetch(`${server.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${ci}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    return (await res.json()) as any;
  };

  it('answers exitCode 1 when the check fails, with the whole report still in the answer', async () => {
    const r = await command('drift fraud-detector staging --fail-on drift');
    expect(r).toMatchObject({ ok: false, exitCode: 1, error: 'gate_failed', data: { datasetDrift: true, drifted: ['income', 'age', 'city', 'zip'], check: { failOn: 'drift', failed: true, reason: expect.stringMatching(/^--fail-on drift: 4 features at drift or worse: /) } } });
    expect(r.text).toMatch(/Check failed: --fail-on drift: 4 features at drift or worse/);
    expect(r.text).toMatch(/Dataset drift: yes — 4 of 7 features drifted/);
    expect((await command('drift fraud-detector staging --fail-on dataset')).exitCode).toBe(1);
  });

  it('answers exitCode 0 when the check passes, and 2 for a --fail-on it does not understand', async () => {
    const calm = await command('drift fraud-detector staging --window 1h --fail-on drift');
    expect(calm).toMatchObject({ ok: true, exitCode: 0, data: { check: { failOn: 'drift', failed: false, reason: null } } });
    const bad = await command('drift fraud-detector staging --fail-on everything');
    expect(bad).toMatchObject({ ok: false, exitCode: 2, error: 'bad_input' });
    expect(bad.text).toMatch(/--fail-on: takes drift, possible_drift or dataset, got "everything"/);
  });
});
