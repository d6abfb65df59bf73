import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { CommandPorts } from '../../src/chat/command-context.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { harness } from '../helpers/harness.js';
import { configuredSecrets } from '../../src/config/configured-secrets.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { createToken } from '../../src/governance/create-token.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { testConfig } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';

/** What a person would not want in a log: appears in every row's sensitive attributes. */
const SENSITIVE = 'SENSITIVE-GROUP-7f3a';

describe.each(drivers())('input PostgreSQL cannot store, over the HTTP API on %s', (driver: Driver) => {
  let db: TestDatabase;
  let app: StewardApp;
  let deps: CommandPorts;
  let server: RunningHttpServer;
  let token: string;
  const lines: string[] = [];
  const clock = new FixedClock('2026-11-27T12:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase(driver);
    const dir = tempDir('unstorable');
    writeFileSync(join(dir, 'steward.yaml'), 'members:\n  "*": [admin]\n');
    const config = testConfig({ LOG_LEVEL: 'debug' }, dir);
    const log = createLogger('debug', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never, configuredSecrets(config));
    const h = harness({ config, store: drizzleStore(db.db), clock });
    app = h.app;
    deps = h.deps;
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app, store: deps.store, clock, config: deps.config, log: log, renderText: (r) => renderText(r) }), log });
    await registerVersion(deps.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
    token = ((await createToken(deps, SYSTEM, { name: 'ci', role: 'admin' })) as { value: { token: string } }).value.token;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const call = async (method: string, path: string, body: unknown, type = 'application/json') => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: string; message?: string; ok?: boolean } };
  };
  const all = { modelId: 1, from: new Date('0001-01-01T00:00:00Z'), to: new Date('9999-12-31T23:59:59.999Z') };
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, timestamp: '2026-11-27T11:00:00Z', features: { city: 'Paris', amount: i }, prediction: 1, sensitive: { group: SENSITIVE } }));
  const batch = (predictions: unknown[], extra: Record<string, unknown> = {}) => ({ model: 'fraud-detector', version: 1, environment: 'production', predictions, ...extra });

  it('a 10,000-row batch whose last row has a NUL: 400 naming the field, no log line holds row data, nothing stored', async () => {
    lines.length = 0;
    const predictions = rows(10_000);
    predictions[9_999] = { ...predictions[9_999]!, features: { city: 'Pa\u0000ris', amount: 1 } };
    const r = await call('POST', '/api/v1/predictions', batch(predictions));
    expect(r).toEqual({ status: 400, body: { error: 'bad_input', message: 'predictions[9999].features.city: contains a NUL character (U+0000) at position 3, which cannot be stored; remove it; nothing in this batch was logged.' } });
    expect(lines.join('')).not.toContain(SENSITIVE);
    expect(lines.join('')).not.toContain('Paris');
    expect(await deps.store.read.predictions.count(all)).toBe(0);
  });

  it('a statement that fails in the database anyway is a 500 with one log line that holds no row data', async () => {
    await db.execute('alter table prediction_logs add constraint h2_refuse_all check (false)');
    try {
      lines.length = 0;
      const r = await call('POST', '/api/v1/predictions', batch(rows(1500)));
      expect(r.status).toBe(500);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.length).toBeLessThan(8_000);
      expect(lines[0]).not.toContain(SENSITIVE);
      expect(lines[0]).not.toContain('r-1499');
      expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'http handler failed', err: { type: 'DrizzleQueryError', cause: { code: '23514', message: expect.stringContaining('violates check constraint "h2_refuse_all"') } } });
    } finally {
      await db.execute('alter table prediction_logs drop constraint h2_refuse_all');
    }
    expect(await deps.store.read.predictions.count(all)).toBe(0);
  });

  it('refuses NUL and unpaired surrogates in every field of predictions and labels, naming it (400)', async () => {
    const one = rows(1)[0]!;
    const cases: [string, unknown, string][] = [
      ['/api/v1/predictions', batch([{ ...one, id: 'a\u0000' }]), 'predictions[0].id: must be a string of 1–200 printable characters'],
      ['/api/v1/predictions', batch([{ ...one, features: { 'ci\u0000ty': 'x' } }]), 'predictions[0].features: the name "ci\\u0000ty" contains a NUL character (U+0000) at position 3'],
      ['/api/v1/predictions', batch([{ ...one, prediction: 'fr\ud800' }]), 'predictions[0].prediction: contains an unpaired surrogate (U+D800) at position 3'],
      ['/api/v1/predictions', batch([{ ...one, label: '\u0000' }]), 'predictions[0].label: contains a NUL character (U+0000) at position 1'],
      ['/api/v1/predictions', batch([{ ...one, sensitive: { group: `${SENSITIVE}\u0000` } }]), 'predictions[0].sensitive.group: contains a NUL character (U+0000) at position 21'],
      ['/api/v1/predictions', batch([one], { model: 'fraud\u0000detector' }), 'model: contains a NUL character (U+0000) at position 6'],
      ['/api/v1/predictions', batch([one], { environment: 'production\u0000' }), 'environment: contains a NUL character (U+0000) at position 11'],
      ['/api/v1/predictions', batch([{ ...one, features: { note: 'x'.repeat(1001) } }]), 'predictions[0].features.note: is 1001 characters long; text values are at most 1000 characters'],
      ['/api/v1/predictions', batch([{ ...one, timestamp: 8.64e15 }]), 'predictions[0].timestamp: must be in the years 0001–9999 (UTC) (got 8640000000000000)'],
      ['/api/v1/labels', { model: 'fraud-detector', labels: [{ id: 'r-0', label: 'fr\udc00aud' }] }, 'labels[0].label: contains an unpaired surrogate (U+DC00) at position 3'],
      ['/api/v1/labels', { model: '\u0000', labels: [{ id: 'r-0', label: 1 }] }, 'model: contains a NUL character (U+0000) at position 1'],
    ];
    for (const [path, body, message] of cases) {
      const r = await call('POST', path, body);
      expect({ path, ...r }).toEqual({ path, status: 400, body: { error: 'bad_input', message: expect.stringContaining(message) } });
    }
    expect(await deps.store.read.predictions.count(all)).toBe(0);
  });

  it('refuses NUL in reference data (CSV, JSON and Parquet cells and column names, the model in the URL), naming column and row', async () => {
    const put = (model: string, body: unknown, type?: string, query = '') => call('PUT', `/api/v1/models/${model}/versions/1/reference${query}`, body, type);
    expect(await put('fraud-detector', 'age,city\n31,Paris\n45,Ly\u0000on\n', 'text/csv')).toEqual({ status: 400, body: { error: 'bad_input', message: 'request body: row 2, column "city": contains a NUL character (U+0000) at position 3, which cannot be stored; remove it' } });
    expect((await put('fraud-detector', { columns: { age: [31], 'ci\u0000ty': ['Paris'] } })).body.message).toBe('request body: the name of column 2 contains a NUL character (U+0000) at position 3, which cannot be stored; remove it');
    expect((await put('fraud-detector', { columns: { zip: [75001, 69001] }, categorical: ['zip\u0000'] })).body.message).toMatch(/^request body: categorical names "zip\u0000", which is not a column; its columns are zip$/);
    const pq = parquetWriteBuffer({ columnData: [{ name: 'city', type: 'STRING', data: ['Paris', 'Nice', 'Ly\u0000on'] }] });
    expect((await put('fraud-detector', new Uint8Array(pq), 'application/vnd.apache.parquet')).body.message).toBe('request body: row 3, column "city": contains a NUL character (U+0000) at position 3, which cannot be stored; remove it');
    expect(await put('fraud%00detector', 'age\n31\n', 'text/csv')).toEqual({ status: 400, body: { error: 'bad_input', message: 'the path parameter "model" contains a control character (U+0000): remove it' } });
    expect((await put('fraud-detector', 'age,zip\n31,75001\n', 'text/csv')).status).toBe(200);
    expect(await put('fraud-detector', 'age,zip\n31,75001\n', 'text/csv', '?categorical=zipcode')).toEqual({ status: 400, body: { error: 'bad_input', message: 'request body: categorical names "zipcode", which is not a column; its columns are age, zip' } });
    const stored = (await deps.store.read.references.get((await deps.store.read.versions.get(1, 1))!.id))!;
    expect(stored.data.map((c) => c.name)).toEqual(['age', 'zip']);
  });

  it('refuses a NUL anywhere in a command line before any verb runs (400); nothing is registered', async () => {
    const register = await call('POST', '/api/v1/commands', { text: 'register churn s3://m/1 --new-model --description "churn\u0000model"' });
    expect(register).toMatchObject({ status: 400, body: { ok: false, error: 'bad_input' } });
    expect((register.body as { text: string }).text).toMatch(/The command contains a NUL character \(U\+0000\) at position 57, which cannot be stored; remove it/);
    const ask = await call('POST', '/api/v1/commands', { text: 'ask what is live in \ud800 production' });
    expect(ask).toMatchObject({ status: 400, body: { error: 'bad_input' } });
    expect((ask.body as { text: string }).text).toMatch(/an unpaired surrogate \(U\+D800\) at position 21/);
    expect(await deps.store.read.models.byName('churn')).toBeNull();
  });
});
