import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { buildBiasReport } from '../../src/monitoring/chat/bias-report.js';
import { buildDriftReport } from '../../src/monitoring/chat/drift-report.js';
import { basisFromJson } from '../../src/monitoring/domain/profile/basis-json.js';
import type { PredictionProfile } from '../../src/monitoring/domain/profile/prediction-profile.js';
import { type ProfileJson, profileToJson } from '../../src/monitoring/domain/profile/profile-json.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { currentBasis } from '../../src/monitoring/profile-basis-source.js';
import { profileFile } from '../../src/monitoring/profile-file.js';
import { readProfile } from '../../src/monitoring/profile-writes.js';
import { readProfileBasis } from '../../src/monitoring/read-profile-basis.js';
import { uploadProfiles } from '../../src/monitoring/upload-profile.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import type { ProfileSource } from '../../src/monitoring/domain/monitoring-store.js';
import { registerVersion } from '../../src/registry/register-version.js';
import type { Store } from '../../src/ports/store.js';
import { ok } from '../../src/core/result.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { predictionRows, writePredictionsCsv, writePredictionsParquet } from '../helpers/profile-files.js';
import { comparable, referenceColumns } from '../helpers/profiles.js';
import { tempDir } from '../helpers/temp-dir.js';
import { configFromYaml } from '../helpers/test-config.js';

/** predictions are 0, 1 or the score 0.5: scores at or above 0.5 count as positive */
const config = configFromYaml('monitoring:\n  models:\n    fraud-detector:\n      scoreThreshold: 0.5\n');
const MODEL = 'fraud-detector';
const START = new Date('2026-11-27T09:00:00Z');
const DAY = { from: new Date('2026-11-27T00:00Z'), to: new Date('2026-11-28T00:00Z') };

describe.each(drivers())('profiles uploaded from files on %s', (driver: Driver) => {
  let db: TestDatabase;
  let store: Store;
  const clock = new FixedClock('2026-11-27T12:30:00Z');
  const dir = tempDir('profile-upload');
  const deps = () => ({ store, clock, config });

  beforeEach(async () => {
    db = await freshDatabase(driver);
    store = drizzleStore(db.db);
    const r = await registerVersion(store, clock, SYSTEM, { model: MODEL, version: { artifactUri: 's3://m/1' } });
    if (!r.ok) throw new Error(r.error.message);
    const up = await uploadReference({ store, clock }, SYSTEM, { model: MODEL, version: 1, source: 'ref.csv', rows: 3000, columns: referenceColumns(3000) });
    if (!up.ok) throw new Error(up.error.message);
  });
  afterEach(async () => db.close());

  const basis = async () => {
    const b = await readProfileBasis(deps(), MODEL, 1);
    if (!b.ok) throw new Error(b.error.message);
    return basisFromJson(b.value);
  };
  /** The file's hourly profiles, as `steward log-profile` builds them, handed to `send`. */
  const profiles = async (file: string, send: (hours: ReadonlyMap<number, PredictionProfile>) => Promise<unknown> = async () => {}) => {
    const r = await profileFile({ file, label: file.split('/').pop()!, sensitive: ['sex', 'age'], hour: new Date('2026-11-27T12:00Z'), hourGiven: false }, await basis(), async (hours) => {
      await send(hours);
      return ok(undefined);
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const items = (hours: ReadonlyMap<number, PredictionProfile>) => [...hours].map(([h, p], i) => ({ where: `profiles[${i}]`, hour: new Date(h).toISOString(), profile: profileToJson(p) }));
  const upload = (env: string, list: { where: string; hour: unknown; profile: unknown }[], model = MODEL, version = 1) => uploadProfiles(deps(), SYSTEM, { model, version, environment: env }, list);
  /** Stored profiles of one environment and source, per hour, in comparable form. */
  const stored = async (env: string, source: ProfileSource) => {
    const current = await currentBasis(store.read, config, MODEL, 1);
    const rows = await store.read.profiles.window({ versionId: 1, environment: env, ...DAY });
    return new Map(rows.filter((r) => r.source === source).map((r) => [r.hour.toISOString(), comparable(readProfile(r.data, current))]));
  };
  const audits = async () => (await store.read.audit.recent({ limit: 100 })).filter((e) => e.action === 'profile.uploaded');

  it('a CSV and a Parquet file give, hour by hour, the profile logging the same rows gives: counts, bins, label cells', async () => {
    const rows = predictionRows(1500, 'a', START);
    expect((await logPredictions(deps(), SYSTEM, { model: MODEL, version: 1, environment: 'production' }, arrayRows(rows, 'predictions'))).ok).toBe(true);
    const csv = join(dir, `a-${driver}.csv`);
    const parquet = join(dir, `a-${driver}.parquet`);
    writePredictionsCsv(csv, rows);
    writePredictionsParquet(parquet, rows);

    let sent = 0;
    const fromCsv = await profiles(csv, async (hours) => {
      sent++;
      const r = await upload('staging', items(hours));
      expect(r).toMatchObject({ ok: true, value: { rows: 1500, hours: ['2026-11-27T09:00:00.000Z', '2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z'] } });
    });
    expect(fromCsv).toMatchObject({ rows: 1500, parts: 1 });
    expect(sent).toBe(1);
    const logged = await stored('production', 'rows');
    const uploaded = await stored('staging', 'upload');
    expect([...logged.keys()]).toEqual(['2026-11-27T09:00:00.000Z', '2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z']);
    expect(uploaded).toEqual(logged);
    const first = logged.get('2026-11-27T09:00:00.000Z')!;
    expect(first.labels.rows).toBeGreaterThan(50);
    expect(first.labels.attributes.map((a) => a.name)).toEqual(['age', 'sex']);
    expect(first.features.find((f) => f.name === 'items')).toMatchObject({ kind: 'numeric', notNumbers: expect.any(Number) });

    let fromParquet = new Map<string, ProfileJson>();
    await profiles(parquet, async (hours) => {
      const current = await currentBasis(store.read, config, MODEL, 1);
      fromParquet = new Map([...hours].map(([h, p]) => [new Date(h).toISOString(), comparable(readProfile(profileToJson(p), current))]));
    });
    expect(fromParquet).toEqual(logged);

    expect(await audits()).toEqual([expect.objectContaining({ actor: SYSTEM.actor, target: `model:${MODEL}`, details: { version: 1, environment: 'staging', count: 1500, hours: 3, from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T11:00:00.000Z' } })]);
  });

  it('the drift and bias reports after an upload include its rows, with the same numbers as logging them; logged and uploaded rows of one window add up', async () => {
    const rows = predictionRows(1200, 'b', START);
    expect((await logPredictions(deps(), SYSTEM, { model: MODEL, version: 1, environment: 'production' }, arrayRows(rows, 'predictions'))).ok).toBe(true);
    const csv = join(dir, `b-${driver}.csv`);
    writePredictionsCsv(csv, rows);
    await profiles(csv, (hours) => upload('staging', items(hours)));

    const drift = async (env: string) => {
      const r = await buildDriftReport(deps(), { model: MODEL, env, window: '1d' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.summary;
    };
    const bias = async (env: string) => {
      const r = await buildBiasReport(deps(), { model: MODEL, env, window: '1d' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.summary;
    };
    const [dl, du] = [await drift('production'), await drift('staging')];
    expect(du.currentRows).toBe(1200);
    expect({ ...du, environment: null }).toEqual({ ...dl, environment: null });
    const [bl, bu] = [await bias('production'), await bias('staging')];
    expect(bu.rows).toBe(300);
    expect(bu.attributes.map((a) => a.attribute).sort()).toEqual(['age', 'sex']);
    expect({ ...bu, environment: null }).toEqual({ ...bl, environment: null });

    // rows logged into the same environment and hours: the report reads both sources
    const more = predictionRows(200, 'c', START);
    expect((await logPredictions(deps(), SYSTEM, { model: MODEL, version: 1, environment: 'staging' }, arrayRows(more, 'predictions'))).ok).toBe(true);
    expect((await drift('staging')).currentRows).toBe(1400);
    expect((await bias('staging')).rows).toBe(350);
  });

  it('refuses, changing nothing: another basis, JSON that is not a profile, negative or inconsistent counts, wrong bins, a time inside an hour, unknown model, version or environment', async () => {
    const csv = join(dir, `c-${driver}.csv`);
    writePredictionsCsv(csv, predictionRows(300, 'd', START));
    let good: ProfileJson[] = [];
    await profiles(csv, async (hours) => {
      good = [...hours.values()].map(profileToJson);
    });
    const p = structuredClone(good[0]!);
    const amount = p.features.findIndex((f) => f.name === 'amount');
    const numeric = (j: ProfileJson) => j.features[amount] as Extract<ProfileJson['features'][number], { kind: 'numeric' }>;
    const edit = (fn: (j: ProfileJson) => void) => {
      const j = structuredClone(p);
      fn(j);
      return j;
    };
    const one = (profile: unknown, hour: unknown = '2026-11-27T09:00:00Z') => [{ where: 'body', hour, profile }];
    const cases: [string, Promise<Awaited<ReturnType<typeof upload>>>, string, RegExp][] = [
      ['another basis', upload('staging', one({ ...p, basis: 'f00/q1000/;' })), 'conflict', /^body\.profile\.basis: the reference changed since this profile was built: fetch the basis again/],
      ['not a profile', upload('staging', one('nope')), 'bad_input', /^body\.profile: /],
      ['another format', upload('staging', one({ ...p, format: 'steward.profile/9' })), 'bad_input', /^body\.profile\.format: /],
      ['a negative count', upload('staging', one(edit((j) => (numeric(j).count = -1)))), 'bad_input', /^body\.profile\.features\[\d\]\.count: /],
      ['a negative bin', upload('staging', one(edit((j) => (numeric(j).bins[3] = -2)))), 'bad_input', /^body\.profile\.features\[\d\]\.bins\[3\]: /],
      ['a fraction', upload('staging', one(edit((j) => (j.labels.rows = 1.5)))), 'bad_input', /^body\.profile\.labels\.rows: must be a whole number/],
      ['bins that do not add up', upload('staging', one(edit((j) => (numeric(j).bins[numeric(j).bins.findIndex((b) => b > 0)]! += 1)))), 'bad_input', /bins: add up to \d+, but count is \d+/],
      ['count + missing ≠ rows', upload('staging', one(edit((j) => (j.rows += 1)))), 'bad_input', /count \d+ \+ missing \d+ must equal rows \d+/],
      ['bins of other edges', upload('staging', one(edit((j) => numeric(j).bins.pop()))), 'bad_input', /bins: amount has \d+ bins; the basis has \d+/],
      ['a feature left out', upload('staging', one(edit((j) => j.features.splice(amount, 1)))), 'bad_input', /amount is missing/],
      ['more labelled than rows', upload('staging', one(edit((j) => (j.labels.rows = j.rows + 1)))), 'bad_input', /labels\.rows/],
      ['a NUL in a category', upload('staging', one(edit((j) => (j.prediction.categories[0]![0] = 'a\u0000b')))), 'bad_input', /NUL character/],
      ['an hour that does not start an hour', upload('staging', one(p, '2026-11-27T09:30:00Z')), 'bad_input', /^body\.hour: must be the start of a UTC hour, e\.g\. 2026-11-27T09:00:00\.000Z/],
      ['an hour without a zone', upload('staging', one(p, '2026-11-27T09:00:00')), 'bad_input', /^body\.hour: must be the start of a UTC hour in ISO 8601 with a zone/],
      ['an unknown model', upload('staging', one(p), 'fraud-detectr'), 'not_found', /There is no model `fraud-detectr`.*fraud-detector/],
      ['an unknown version', upload('staging', one(p), MODEL, 9), 'not_found', /fraud-detector has no version 9/],
      ['an unknown environment', upload('qa', one(p)), 'bad_input', /`qa` is not an environment/],
      ['a good profile with a bad one', upload('staging', [...one(p), { where: 'profiles[1]', hour: '2026-11-27T10:00Z', profile: edit((j) => (j.rows = 0)) }]), 'bad_input', /^profiles\[1\]\.profile/],
      ['nothing', upload('staging', []), 'bad_input', /no profile to upload/],
    ];
    for (const [what, pending, code, message] of cases) {
      const r = await pending;
      expect([what, r.ok]).toEqual([what, false]);
      if (r.ok) continue;
      expect([what, r.error.code]).toEqual([what, code]);
      expect(r.error.message, what).toMatch(message);
      expect(r.error.message, what).not.toMatch(/\n/);
    }
    expect(await store.read.profiles.window({ versionId: 1, ...DAY })).toEqual([]);
    expect(await audits()).toEqual([]);
    // the untouched profile is accepted
    expect(await upload('staging', one(p))).toMatchObject({ ok: true, value: { rows: p.rows } });
  });

  it('a profile built before the reference was replaced is refused: the basis must be fetched again', async () => {
    const csv = join(dir, `d-${driver}.csv`);
    writePredictionsCsv(csv, predictionRows(100, 'e', START));
    let old: ReadonlyMap<number, PredictionProfile> = new Map();
    await profiles(csv, async (hours) => {
      old = hours;
    });
    const up = await uploadReference({ store, clock }, SYSTEM, { model: MODEL, version: 1, source: 'ref2.csv', rows: 2000, columns: referenceColumns(2000, 7) });
    expect(up.ok).toBe(true);
    const r = await upload('staging', items(old));
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/the reference changed since this profile was built: fetch the basis again \(GET \/api\/v1\/models\/fraud-detector\/versions\/1\/profile-basis\)/) } });
    await profiles(csv, (hours) => upload('staging', items(hours)));
    const rows = await store.read.profiles.window({ versionId: 1, environment: 'staging', ...DAY });
    expect(rows.reduce((a, x) => a + x.rows, 0)).toBe(100);
  });

  it('a file spanning more hours than are kept in memory is sent in parts, which add up to the profiles of logging its rows', async () => {
    const start = new Date('2026-10-01T00:00:00Z');
    const rows = predictionRows(1000, 'g', start).map((r, k) => ({ ...r, timestamp: new Date(start.getTime() + k * 3_600_000 + 60_000).toISOString() }));
    expect((await logPredictions(deps(), SYSTEM, { model: MODEL, version: 1, environment: 'production' }, arrayRows(rows, 'predictions'))).ok).toBe(true);
    const csv = join(dir, `g-${driver}.csv`);
    writePredictionsCsv(csv, rows);
    const sizes: number[] = [];
    const r = await profiles(csv, async (hours) => {
      sizes.push(hours.size);
      const up = await upload('staging', items(hours));
      if (!up.ok) throw new Error(up.error.message);
    });
    expect(r).toMatchObject({ rows: 1000, parts: sizes.length });
    expect(r.hours).toHaveLength(1000);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    const range = { versionId: 1, from: start, to: new Date(start.getTime() + 1000 * 3_600_000) };
    const current = await currentBasis(store.read, config, MODEL, 1);
    const byHour = async (env: string) => new Map((await store.read.profiles.window({ ...range, environment: env })).map((x) => [x.hour.toISOString(), comparable(readProfile(x.data, current))]));
    const logged = await byHour('production');
    // all these hours are in days due to be folded: logged and uploaded alike, one profile per day
    expect(logged.size).toBe(new Set(rows.map((x) => x.timestamp.slice(0, 10))).size);
    expect(await byHour('staging')).toEqual(logged);
  }, 120_000);

  it('a file without a timestamp column goes to one hour: --hour', async () => {
    const csv = join(dir, `e-${driver}.csv`);
    writePredictionsCsv(csv, predictionRows(50, 'f', START), { timestamp: false });
    const r = await profileFile({ file: csv, label: 'e.csv', sensitive: [], hour: new Date('2026-11-26T05:00Z'), hourGiven: true }, await basis(), (hours) => upload('staging', items(hours)));
    expect(r).toMatchObject({ ok: true, value: { rows: 50, hours: [Date.parse('2026-11-26T05:00Z')] } });
  });
});
