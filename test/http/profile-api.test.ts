import { writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CommandPorts } from '../../src/chat/command-context.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { createToken } from '../../src/governance/create-token.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import type { ProfileJson } from '../../src/monitoring/domain/profile/profile-json.js';
import { currentBasis } from '../../src/monitoring/profile-basis-source.js';
import { readProfile } from '../../src/monitoring/profile-writes.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { silentLogger } from '../../src/ports/logger.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { predictionRows, writePredictionsCsv, writePredictionsParquet } from '../helpers/profile-files.js';
import { comparable, referenceColumns } from '../helpers/profiles.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testConfig } from '../helpers/test-config.js';

const YAML = `roles:
  pipeline: [read, "log-predictions:staging"]
  counter: ["log-predictions:staging"]
members:
  "cli:*": [admin]
monitoring:
  models:
    fraud-detector:
      scoreThreshold: 0.5
`;
/** A loopback port nothing listens on (a server's, just closed). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const DAY = { from: new Date('2026-11-27T00:00Z'), to: new Date('2026-11-28T00:00Z') };

describe.each(drivers())('profiles over HTTP on loopback on %s: GET the basis, POST profiles, `steward log-profile` with STEWARD_URL', (driver: Driver) => {
  let db: TestDatabase;
  let deps: CommandPorts;
  let server: RunningHttpServer;
  const tokens: Record<string, string> = {};
  const clock = new FixedClock('2026-11-27T12:30:00Z');
  const dir = tempDir('profile-api');

  beforeAll(async () => {
    db = await freshDatabase(driver);
    writeFileSync(join(dir, 'steward.yaml'), YAML);
    const config = testConfig({}, dir);
    const h = harness({ config, store: drizzleStore(db.db), clock });
    deps = h.deps;
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app: h.app, store: deps.store, clock, config, log: silentLogger, renderText: (r) => renderText(r) }), log: silentLogger });
    await registerVersion(deps.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
    const up = await uploadReference(deps, SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref.csv', rows: 3000, columns: referenceColumns(3000) });
    if (!up.ok) throw new Error(up.error.message);
    for (const [name, role] of [['ops', 'admin'], ['ci', 'pipeline'], ['looker', 'viewer'], ['counter', 'counter']] as const) {
      tokens[name] = ((await createToken(deps, SYSTEM, { name, role })) as { value: { token: string } }).value.token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const call = async (method: string, path: string, opts: { token?: string; json?: unknown; body?: string; type?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    if (opts.type) headers['content-type'] = opts.type;
    const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body });
    return { status: res.status, body: (await res.json()) as any };
  };
  const BASIS = '/api/v1/models/fraud-detector/versions/1/profile-basis';
  const cli = async (env: Record<string, string>, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { LOG_LEVEL: 'silent', ...env }, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out, err };
  };
  const over = (token: string) => ({ STEWARD_URL: server.url, STEWARD_TOKEN: token });
  const stored = async (env: string, source: 'rows' | 'upload') => {
    const current = await currentBasis(deps.store.read, deps.config, 'fraud-detector', 1);
    const rows = await deps.store.read.profiles.window({ versionId: 1, environment: env, ...DAY });
    return new Map(rows.filter((r) => r.source === source).map((r) => [r.hour.toISOString(), comparable(readProfile(r.data, current))]));
  };
  const uploads = async () => (await deps.store.read.profiles.window({ versionId: 1, ...DAY })).filter((r) => r.source === 'upload');
  const audited = async () => (await deps.store.read.audit.recent({ limit: 200 })).filter((e) => e.action === 'profile.uploaded').length;

  it('GET …/profile-basis: the basis as steward.basis/1 for any token that may read; 401 without one, 404/400 for what does not exist', async () => {
    const r = await call('GET', BASIS, { token: tokens.looker });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'steward.basis/1', id: expect.stringMatching(/\/q1000\/;0\.5\/p2$/), labels: { scoreThreshold: 0.5 }, maxCategories: 1000 });
    expect(r.body.features.map((f: { name: string; kind: string }) => [f.name, f.kind])).toEqual([['amount', 'numeric'], ['items', 'numeric'], ['country', 'categorical']]);
    const edges: number[] = r.body.features[0].edges;
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.every((e, i) => i === 0 || edges[i - 1]! < e)).toBe(true);
    expect(r.body.features[2].categories).toEqual(['DE', 'FR', 'ES']);
    expect((await call('GET', `${BASIS}?environment=staging`, { token: tokens.ci })).status).toBe(200);

    expect(await call('GET', BASIS)).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await call('GET', BASIS, { token: `${tokens.ci}x` })).toMatchObject({ status: 401 });
    expect(await call('GET', BASIS, { token: tokens.counter })).toMatchObject({ status: 403, body: { error: 'forbidden', message: expect.stringMatching(/api:counter is not allowed to profile-basis/) } });
    expect(await call('GET', `${BASIS}?environment=production`, { token: tokens.ci })).toMatchObject({ status: 403, body: { message: expect.stringMatching(/not allowed to log-predictions in production/) } });
    expect(await call('GET', `${BASIS}?environment=qa`, { token: tokens.ci })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/qa is not an environment/) } });
    expect(await call('GET', '/api/v1/models/fraud-detectr/versions/1/profile-basis', { token: tokens.ci })).toMatchObject({ status: 404, body: { message: expect.stringMatching(/There is no model fraud-detectr/) } });
    expect(await call('GET', '/api/v1/models/fraud-detector/versions/4/profile-basis', { token: tokens.ci })).toMatchObject({ status: 404, body: { message: 'fraud-detector has no version 4; its versions are 1–1.' } });
    expect(await call('GET', '/api/v1/models/fraud-detector/versions/x/profile-basis', { token: tokens.ci })).toMatchObject({ status: 400 });
  });

  it('steward log-profile with STEWARD_URL: a CSV and a Parquet file sent as profiles equal logging the rows through POST /api/v1/predictions; the drift report counts them', async () => {
    const rows = predictionRows(1200, 'h', new Date('2026-11-27T09:00Z'));
    for (let i = 0; i < rows.length; i += 600) {
      const logged = await call('POST', '/api/v1/predictions', { token: tokens.ops, json: { model: 'fraud-detector', version: 1, environment: 'production', predictions: rows.slice(i, i + 600) } });
      expect(logged).toMatchObject({ status: 200, body: { logged: 600 } });
    }
    const csv = join(dir, `h-${driver}.csv`);
    writePredictionsCsv(csv, rows);
    const r = await cli(over(tokens.ci!), 'log-profile', csv, '--model', 'fraud-detector', '--version', '1', '--env', 'staging', '--sensitive', 'sex,age');
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toEqual([expect.stringMatching(new RegExp(`^Profiled 1200 rows of h-${driver}\\.csv into 3 hourly profiles \\(2026-11-27T09:00Z to 2026-11-27T11:00Z\\) for fraud-detector v1 in staging; sent \\d+ bytes to http://127\\.0\\.0\\.1:\\d+ \\(1 request\\)\\.$`))]);
    const bytes = Number(/sent (\d+) bytes/.exec(r.out[0]!)![1]);
    expect(bytes).toBeGreaterThan(5_000);
    expect(bytes).toBeLessThan(100_000);
    const logged = await stored('production', 'rows');
    expect(logged.size).toBe(3);
    expect(await stored('staging', 'upload')).toEqual(logged);
    expect((await deps.store.read.audit.recent({ limit: 1 }))[0]).toMatchObject({ action: 'profile.uploaded', actor: 'api:ci', platform: 'api', details: { count: 1200, hours: 3, environment: 'staging' } });

    const drift = await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'drift fraud-detector staging --window 1d' } });
    expect(drift).toMatchObject({ status: 200, body: { data: { currentRows: 1200 } } });
    const bias = await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'bias fraud-detector staging --window 1d' } });
    expect(bias).toMatchObject({ status: 200, body: { data: { rows: 300 } } });

    // the same rows as Parquet, into the same hours: the uploads add up to twice the rows
    const parquet = join(dir, `h-${driver}.parquet`);
    writePredictionsParquet(parquet, rows, 500);
    const again = await cli(over(tokens.ci!), 'log-profile', parquet, '--model', 'fraud-detector', '--version', 'v1', '--env', 'staging', '--sensitive', 'sex,age');
    expect(again).toMatchObject({ code: 0, out: [expect.stringMatching(/^Profiled 1200 rows of h-\w+\.parquet into 3 hourly profiles/)] });
    const twice = await stored('staging', 'upload');
    for (const [hour, p] of twice) expect(p.rows).toBe(2 * logged.get(hour)!.rows);
    expect((await call('POST', '/api/v1/commands', { token: tokens.ci, json: { text: 'drift fraud-detector staging --window 1d' } })).body.data.currentRows).toBe(2400);
  });

  it('POST /api/v1/profiles refuses, writing nothing: no token, a token that may not, another basis, bad JSON, negative counts, unknown model, version or environment, the wrong content type', async () => {
    const basis = (await call('GET', BASIS, { token: tokens.ci })).body;
    const base = { model: 'fraud-detector', version: 1, environment: 'staging', hour: '2026-11-27T08:00:00Z' };
    // a small valid profile: one row, every feature missing
    const profile: ProfileJson = {
      format: 'steward.profile/1',
      basis: basis.id,
      rows: 1,
      features: basis.features.map((f: { name: string; kind: string; edges?: number[] }) =>
        f.kind === 'numeric' ? { name: f.name, kind: 'numeric', count: 0, missing: 1, notNumbers: 0, min: null, max: null, sum: 0, sumSquares: 0, bins: new Array(f.edges!.length + 1).fill(0) } : { name: f.name, kind: 'categorical', count: 0, missing: 1, counts: [], other: 0 },
      ),
      prediction: { count: 1, missing: 0, numbers: 1, sum: 1, sumSquares: 1, min: 1, max: 1, categories: [['1', 1]], other: 0 },
      labels: { rows: 0, missing: 0, badLabels: [], badPredictions: [], attributes: [] },
    };
    const before = { rows: (await uploads()).length, audited: await audited() };
    const post = (json: unknown, token = tokens.ci) => call('POST', '/api/v1/profiles', { token, json });
    const negative = structuredClone(profile);
    negative.prediction.count = -1;
    const cases: [string, Promise<{ status: number; body: any }>, number, RegExp][] = [
      ['no token', call('POST', '/api/v1/profiles', { json: { ...base, profile } }), 401, /Authorization: Bearer <token>/],
      ['an unknown token', post({ ...base, profile }, 'stw_nope'), 401, /not valid/],
      ['a token for reading only', post({ ...base, profile }, tokens.looker), 403, /api:looker is not allowed to log-predictions in staging/],
      ['an environment the token may not send to', post({ ...base, environment: 'production', profile }), 403, /not allowed to log-predictions in production/],
      ['another basis', post({ ...base, profile: { ...profile, basis: 'none/q1000/;' } }), 409, /^body\.profile\.basis: the reference changed since this profile was built: fetch the basis again/],
      ['a body that is not JSON', call('POST', '/api/v1/profiles', { token: tokens.ci, body: '{"model": ', type: 'application/json' }), 400, /not valid JSON/],
      ['a profile that is not one', post({ ...base, profile: { format: 'steward.profile/1' } }), 400, /^body\.profile\.basis: /],
      ['a negative count', post({ ...base, profile: negative }), 400, /^body\.profile\.prediction\.count: /],
      ['an unknown model', post({ ...base, model: 'fraud-detectr', profile }), 404, /There is no model fraud-detectr/],
      ['an unknown version', post({ ...base, version: 3, profile }), 404, /has no version 3/],
      ['an unknown environment', post({ ...base, environment: 'qa', profile }, tokens.ops), 400, /qa is not an environment/],
      ['both profile and profiles', post({ ...base, profile, profiles: [] }), 400, /^the body is \{"model"/],
      ['an unknown field', post({ ...base, profile, extra: 1 }), 400, /^unknown field "extra"/],
      ['a stray item field', post({ model: 'fraud-detector', version: 1, environment: 'staging', profiles: [{ hour: base.hour, profile, rows: 1 }] }), 400, /^profiles\[0\]: must be/],
      ['text/plain', call('POST', '/api/v1/profiles', { token: tokens.ci, body: JSON.stringify({ ...base, profile }), type: 'text/plain' }), 415, /application\/json/],
    ];
    for (const [what, pending, status, message] of cases) {
      const r = await pending;
      expect([what, r.status]).toEqual([what, status]);
      expect(r.body.message, what).toMatch(message);
    }
    expect({ rows: (await uploads()).length, audited: await audited() }).toEqual(before);

    // the same profile, well formed: accepted; without "hour" it goes to the hour it is received in (12:00)
    expect(await post({ ...base, profile })).toMatchObject({ status: 200, body: { rows: 1, hours: ['2026-11-27T08:00:00.000Z'] } });
    const { hour: _, ...noHour } = base;
    expect(await post({ ...noHour, profile })).toMatchObject({ status: 200, body: { rows: 1, hours: ['2026-11-27T12:00:00.000Z'] } });
    expect(await post({ ...noHour, profiles: [{ hour: '2026-11-27T06:00Z', profile }, { hour: '2026-11-27T07:00Z', profile }] })).toMatchObject({ status: 200, body: { rows: 2, hours: ['2026-11-27T06:00:00.000Z', '2026-11-27T07:00:00.000Z'] } });
    expect(await audited()).toBe(before.audited + 3);
  });

  it('steward log-profile over HTTP says in one line what went wrong: a bad token (exit 3), a bad file (exit 2, nothing sent), an unreachable server (exit 4), half the settings (exit 2)', async () => {
    const csv = join(dir, `bad-${driver}.csv`);
    writePredictionsCsv(csv, predictionRows(20, 'z', new Date('2026-11-27T09:00Z')));
    const args = ['log-profile', csv, '--model', 'fraud-detector', '--version', '1', '--env', 'staging'];
    const before = { rows: (await uploads()).map((r) => r.rows), audited: await audited() };
    expect(await cli(over('stw_nope'), ...args)).toEqual({ code: 3, out: [], err: ['steward: STEWARD_TOKEN: this token is not valid (unknown, revoked or expired): ask an admin for a new one (steward token create)'] });
    expect(await cli(over(tokens.ci!), ...args.slice(0, -1), 'production')).toMatchObject({ code: 3, err: [expect.stringMatching(/^steward: api:ci is not allowed to log-predictions in production/)] });
    const noPrediction = join(dir, `np-${driver}.csv`);
    writeFileSync(noPrediction, 'amount,country\n1,DE\n');
    expect(await cli(over(tokens.ci!), 'log-profile', noPrediction, ...args.slice(2))).toMatchObject({ code: 2, err: [expect.stringMatching(/^steward: np-\w+\.csv: no column "prediction"; a file to profile has the reference's features \(amount, items, country\), prediction, and optionally label, score, timestamp and the --sensitive columns; its columns are amount, country$/)] });
    const badRow = join(dir, `br-${driver}.csv`);
    writeFileSync(badRow, 'amount,prediction,timestamp\n1,1,2026-11-27T09:00:00Z\n2,,2026-11-27T09:00:00Z\n');
    expect(await cli(over(tokens.ci!), 'log-profile', badRow, ...args.slice(2))).toEqual({ code: 2, out: [], err: [`steward: br-${driver}.csv row 2: prediction is empty; every row needs a prediction`] });
    const badTime = join(dir, `bt-${driver}.csv`);
    writeFileSync(badTime, 'amount,prediction,timestamp\n1,1,yesterday\n');
    expect(await cli(over(tokens.ci!), 'log-profile', badTime, ...args.slice(2))).toMatchObject({ code: 2, err: [expect.stringMatching(/row 1: timestamp must be an ISO 8601 time with a zone/)] });
    expect(await cli(over(tokens.ci!), ...args, '--hour', '2026-11-27T09:00Z')).toMatchObject({ code: 2, err: [expect.stringMatching(/has a timestamp column, which places every row in its hour; --hour is for files without one/)] });
    expect(await cli(over(tokens.ci!), ...args.slice(0, 2), '--model', 'nope', ...args.slice(4))).toMatchObject({ code: 2, err: [expect.stringMatching(/^steward: There is no model nope/)] });
    const closed = await closedPort();
    expect(await cli({ STEWARD_URL: `http://127.0.0.1:${closed}`, STEWARD_TOKEN: 'x' }, ...args)).toEqual({ code: 4, out: [], err: [`steward: cannot reach STEWARD_URL http://127.0.0.1:${closed}: ECONNREFUSED`] });
    expect(await cli({ STEWARD_URL: `http://ci:hunter2@127.0.0.1:${closed}`, STEWARD_TOKEN: 'x' }, ...args)).toEqual({ code: 2, out: [], err: ['steward: STEWARD_URL carries a user or password: leave them out; the token goes in STEWARD_TOKEN'] });
    expect(await cli({ STEWARD_URL: 'steward.example.com', STEWARD_TOKEN: 'x' }, ...args)).toMatchObject({ code: 2, err: [expect.stringMatching(/^steward: STEWARD_URL is not a URL/)] });
    expect(await cli({ STEWARD_URL: server.url }, ...args)).toMatchObject({ code: 2, err: [expect.stringMatching(/^steward: STEWARD_TOKEN is not set: set both/)] });
    expect(await cli(over(tokens.ci!), ...args, '--hour', '2026-11-27T09:30Z')).toMatchObject({ code: 2, err: [expect.stringMatching(/--hour: must be the start of a UTC hour/)] });
    expect({ rows: (await uploads()).map((r) => r.rows), audited: await audited() }).toEqual(before);
  });
});
