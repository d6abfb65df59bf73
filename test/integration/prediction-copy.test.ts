import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../src/core/result.js';
import { alreadyLoggedId } from '../../src/db/repos/prediction-copy.js';
import type { NewPrediction, PredictionRecord } from '../../src/monitoring/domain/monitoring-store.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import type { Store } from '../../src/ports/store.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { storeImpls } from '../helpers/store-impls.js';
import { testConfig } from '../helpers/test-config.js';

const config = testConfig();
const clock = new FixedClock('2026-11-27T12:00:00Z');
const loggedAt = new Date('2026-11-27T12:00:00Z');
const ALL = { modelId: 1, from: new Date('0001-01-01T00:00:00Z'), to: new Date('9999-12-31T23:59:59.999Z') };

const row = (i: number, extra: Partial<NewPrediction> = {}): NewPrediction => ({
  modelId: 1,
  versionId: 1,
  environment: 'production',
  predictionId: `p${i}`,
  at: new Date(Date.UTC(2026, 10, 27, 10, 0, 0, i)),
  features: { amount: i * 1.5, country: i % 2 ? 'FR' : 'DE' },
  prediction: i % 2,
  score: null,
  label: undefined,
  sensitive: null,
  subject: null,
  loggedBy: 'cli:tester',
  loggedAt,
  ...extra,
});

/** What page() gives back for a row that was inserted. */
const stored = (r: NewPrediction) => ({ predictionId: r.predictionId, versionId: r.versionId, environment: r.environment, at: r.at, features: r.features, prediction: r.prediction, score: r.score, label: r.label, labeledAt: null, sensitive: r.sensitive });
const withoutSeq = ({ seq: _seq, ...r }: PredictionRecord) => r;

const AWKWARD: string[] = [
  'tab\there',
  'new\nline',
  'carriage\rreturn and \r\n both',
  'back\\slash, \\\\ two, trailing \\',
  'quotes: "double" and \'single\'',
  '\\N',
  '\\.',
  '\\',
  'a literal \\t and \\n, not controls',
  '{"looks": "like JSON"}',
  '1',
  'true',
  'null',
  '[1, "2"]',
  '"quoted"',
  'emoji 😀 👩🏽‍💻 and a flag 🇫🇷',
  'accents é ü ñ, RTL עברית العربية, CJK 漢字',
  'line separator \u2028 paragraph \u2029 and BOM \ufeff',
  'controls \u0001\u001f\u007f',
  ' leading and trailing spaces ',
  '',
  'x'.repeat(1000),
  `long ${'é😀\t\\"'.repeat(5000)}`,
];

describe.each(storeImpls())('prediction rows through insertMany on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
    for (const model of ['fraud-detector', 'churn']) {
      const r = await registerVersion(store, clock, SYSTEM, { model, version: { artifactUri: `s3://m/${model}` } });
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  afterEach(async () => close());

  /** insertMany in a transaction that commits when nothing was already logged, and rolls back otherwise. */
  const insert = (rows: Iterable<NewPrediction> | AsyncIterable<NewPrediction>) =>
    store.transaction(async (tx) => {
      const existing = await tx.predictions.insertMany(rows);
      return existing.length ? err('conflict', existing.join(' ')) : ok(existing);
    });
  const all = async () => (await store.read.predictions.page(ALL, null, 100_000)).map(withoutSeq);
  const count = () => store.read.predictions.count(ALL);

  it('round-trips awkward text exactly: tabs, newlines, backslashes, quotes, \\N and \\. lookalikes, emoji, long strings', async () => {
    const rows = AWKWARD.map((s, i) =>
      row(i, {
        predictionId: `id-${i}-\\"'{}\\N`,
        environment: i % 2 ? 'production' : 'stag\\ing\twith\ncontrols',
        features: { [s.slice(0, 100) || 'empty']: s, [`key\t${i}`]: i, 'quote"key\\': s.length },
        prediction: s,
        label: i % 3 === 0 ? s : i % 3 === 1 ? null : undefined,
        sensitive: i % 2 ? { group: s } : null,
        loggedBy: 'api:ci\\bot\t"x"',
      }),
    );
    expect(await insert(rows)).toEqual({ ok: true, value: [] });
    expect(await all()).toEqual(rows.map(stored));
  });

  it('round-trips scalars exactly: numbers, booleans, null, scores; a null label is not an absent one', async () => {
    const numbers = [0, 1, -1, 0.1 + 0.2, 1e21, 1.5e-7, 5e-324, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, 123456.789];
    const rows = numbers.map((n, i) =>
      row(i, {
        features: { n, negative: n === 0 ? -1 : -n, flag: i % 2 === 0, nothing: null, text: String(n) },
        prediction: i % 3 === 0 ? n : i % 3 === 1 ? i % 2 === 0 : `class-${i}`,
        label: [undefined, null, 0, false, '', n][i % 6],
        score: [null, 0, 1, 0.1 + 0.2, 5e-324, 0.123456789012345][i % 6],
        sensitive: i % 2 ? { sex: i % 4 === 1 ? 'F' : 'M', age_band: null, minor: false } : null,
      }),
    );
    expect(await insert(rows)).toEqual({ ok: true, value: [] });
    const back = await all();
    expect(back).toEqual(rows.map(stored));
    expect(back.map((r) => ('label' in r ? r.label : 'missing'))).toEqual(rows.map((r) => r.label));
    expect(await store.read.predictions.count({ ...ALL, labeled: true })).toBe(rows.filter((r) => r.label !== undefined).length);
  });

  it('keeps times exactly, years 0001 to 9999, to the millisecond', async () => {
    const times = ['0001-01-01T00:00:00.000Z', '0050-06-15T12:34:56.789Z', '1969-12-31T23:59:59.999Z', '2026-11-27T10:00:00.001Z', '9999-12-31T23:00:00.000Z'];
    const rows = times.map((t, i) => row(i, { at: new Date(t) }));
    expect(await insert(rows)).toEqual({ ok: true, value: [] });
    expect((await all()).map((r) => r.at.toISOString())).toEqual(times);
  });

  it('a batch of 20,000 rows goes in at once, from an array or from a generator', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i, { label: i % 2 ? i % 3 : undefined, sensitive: { sex: i % 2 ? 'F' : 'M' } }));
    expect(await insert(rows)).toEqual({ ok: true, value: [] });
    async function* more() {
      for (let i = 0; i < 20_000; i++) yield row(i, { modelId: 2, versionId: 2 });
    }
    expect(await insert(more())).toEqual({ ok: true, value: [] });
    expect(await count()).toBe(20_000);
    expect(await store.read.predictions.count({ ...ALL, modelId: 2 })).toBe(20_000);
    expect(await store.read.predictions.count({ ...ALL, labeled: true })).toBe(10_000);
    const page = await store.read.predictions.page(ALL, null, 20_000);
    expect(page.map(withoutSeq)).toEqual(rows.map(stored));
  });

  describe('an id already logged for the model', () => {
    const logged = [row(1), row(2), row(3)];
    beforeEach(async () => {
      expect(await insert(logged)).toEqual({ ok: true, value: [] });
    });
    const cases: [string, () => NewPrediction[], string][] = [
      ['as the only row', () => [row(2)], 'p2'],
      ['first of 20,000', () => [row(3), ...Array.from({ length: 19_999 }, (_, i) => row(100 + i))], 'p3'],
      ['in the middle of 20,000', () => Array.from({ length: 20_000 }, (_, i) => (i === 15_000 ? row(1) : row(100 + i))), 'p1'],
      ['last of 20,000', () => [...Array.from({ length: 19_999 }, (_, i) => row(100 + i)), row(2)], 'p2'],
      ['twice in the batch', () => [row(10), row(11), row(10)], 'p10'],
    ];
    for (const [name, rows, id] of cases) {
      it(`${name}: the batch writes nothing and names the id; the database stays usable`, async () => {
        expect(await insert(rows())).toEqual({ ok: false, error: { code: 'conflict', message: id } });
        expect(await all()).toEqual(logged.map(stored));
        // the same ids for another model are fine, and the connection works after the failed COPY
        expect(await insert(rows().map((r) => ({ ...r, modelId: 2, versionId: 2 })).filter((r, i, a) => a.findIndex((x) => x.predictionId === r.predictionId) === i))).toEqual({ ok: true, value: [] });
        expect(await count()).toBe(3);
      });
    }

    it('through logPredictions: the conflict names the row, nothing of the 20,000 rows is logged, nothing audited', async () => {
      const before = (await store.read.audit.recent({ limit: 100 })).length;
      const preds = Array.from({ length: 20_000 }, (_, i) => ({ id: i === 19_999 ? 'p2' : `q${i}`, timestamp: '2026-11-27T10:00:00Z', features: { amount: i }, prediction: 1 }));
      const r = await logPredictions({ store, clock, config }, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(preds, 'predictions'));
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^predictions\[19999\]\.id: prediction "p2" is already logged for fraud-detector/) } });
      expect(await count()).toBe(3);
      expect((await store.read.audit.recent({ limit: 100 })).length).toBe(before);
    });
  });

  it('a source that fails while its rows are inserted: the error comes out, nothing is written, the database stays usable', async () => {
    async function* failing() {
      for (let i = 0; i < 5000; i++) yield row(i);
      throw new Error('the source broke');
    }
    await expect(insert(failing())).rejects.toThrow('the source broke');
    expect(await count()).toBe(0);
    expect(await insert([row(1)])).toEqual({ ok: true, value: [] });
    expect(await count()).toBe(1);
  });

  it('an empty batch inserts nothing', async () => {
    expect(await insert([])).toEqual({ ok: true, value: [] });
    async function* none(): AsyncIterable<NewPrediction> {}
    expect(await insert(none())).toEqual({ ok: true, value: [] });
    expect(await count()).toBe(0);
  });
});

describe('the id a unique violation names', () => {
  const violation = (detail: string, extra: Record<string, unknown> = {}) => ({ code: '23505', constraint_name: 'prediction_logs_model_prediction_uq', detail, ...extra });
  it('is read from the key in the detail, in any message language, wrapped or not', () => {
    expect(alreadyLoggedId(violation('Key (model_id, prediction_id)=(1, p7) already exists.'))).toBe('p7');
    expect(alreadyLoggedId(violation('Key (model_id, prediction_id)=(12, a)b)) already exists.'))).toBe('a)b)');
    expect(alreadyLoggedId(violation('Schlüssel »(model_id, prediction_id)=(3, x"\\y)« existiert bereits.'))).toBe('x"\\y');
    expect(alreadyLoggedId({ message: 'Failed query: COPY …', cause: { code: '23505', constraint: 'prediction_logs_model_prediction_uq', detail: 'Key (model_id, prediction_id)=(1, q) already exists.' } })).toBe('q');
  });
  it('is null for any other error', () => {
    expect(alreadyLoggedId(violation('Key (model_id, prediction_id)=(1, p7) already exists.', { code: '23503' }))).toBeNull();
    expect(alreadyLoggedId(violation('Key (id)=(7) already exists.', { constraint_name: 'prediction_logs_pkey' }))).toBeNull();
    expect(alreadyLoggedId(violation('no key here'))).toBeNull();
    expect(alreadyLoggedId(new Error('connection lost'))).toBeNull();
    expect(alreadyLoggedId(null)).toBeNull();
  });
});
