import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/governance/domain/hash-chain.js';
import type { Store } from '../../src/ports/store.js';
import { attachLabels } from '../../src/monitoring/attach-labels.js';
import { createToken, hashToken } from '../../src/governance/create-token.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { storeImpls } from '../helpers/store-impls.js';
import { testConfig } from '../helpers/test-config.js';

const config = testConfig();
const pred = (i: number, extra: Record<string, unknown> = {}) => ({ id: `p${i}`, timestamp: new Date(Date.UTC(2026, 10, 27, 10, 0, i)).toISOString(), features: { amount: i * 1.5, country: i % 2 ? 'FR' : 'DE', flag: i % 3 === 0 }, prediction: i % 2, ...extra });

describe.each(storeImpls())('monitoring data on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  const clock = new FixedClock('2026-11-27T12:00:00Z');
  const deps = () => ({ store, clock, config });
  beforeEach(async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
    const r = await registerVersion(store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
    if (!r.ok) throw new Error(r.error.message);
  });
  afterEach(async () => close());

  const auditActions = async () => (await store.read.audit.recent({ limit: 100 })).map((e) => e.action).reverse();

  it('logs a batch of 2500 predictions in multi-row inserts, pages them back in time order, and audits once', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => pred(i, i === 7 ? { label: 1, sensitive: { sex: 'F' } } : {}));
    const r = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
    expect(r).toEqual({ ok: true, value: { model: 'fraud-detector', version: 1, environment: 'production', logged: 2500, labeled: 1 } });
    const w = { modelId: 1, environment: 'production', from: new Date('2026-11-27T00:00Z'), to: new Date('2026-11-28T00:00Z') };
    expect(await store.read.predictions.count(w)).toBe(2500);
    expect(await store.read.predictions.count({ ...w, environment: 'staging' })).toBe(0);
    expect(await store.read.predictions.count({ ...w, labeled: true })).toBe(1);
    const first = await store.read.predictions.page(w, null, 1000);
    expect(first).toHaveLength(1000);
    expect(first[7]).toMatchObject({ predictionId: 'p7', features: { amount: 10.5, country: 'FR', flag: false }, prediction: 1, label: 1, sensitive: { sex: 'F' } });
    expect(first[0]!.label).toBeUndefined();
    const last = first[999]!;
    const second = await store.read.predictions.page(w, { at: last.at, seq: last.seq }, 5000);
    expect(second.map((p) => p.predictionId)).toEqual(Array.from({ length: 1500 }, (_, i) => `p${1000 + i}`));
    const audit = await store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'predictions.logged', details: { version: 1, environment: 'production', count: 2500, labeled: 1 } });
  });

  it('rejects the whole batch — nothing written, nothing audited — naming the row and field', async () => {
    const before = await auditActions();
    const cases: [unknown[], RegExp, string][] = [
      [[pred(1), pred(2, { features: { amount: { nested: 1 } } })], /^predictions\[1\]\.features\.amount: must be a number, string, boolean or null \(got an object\)/, 'bad_input'],
      [[pred(1), { ...pred(2), prediction: undefined }], /^predictions\[1\]\.prediction: must be a number, string or boolean \(missing\)/, 'bad_input'],
      [[pred(1), pred(2, { timestamp: 'yesterday' })], /^predictions\[1\]\.timestamp: must be an ISO 8601 time/, 'bad_input'],
      [[pred(1), pred(2, { lable: 1 })], /^predictions\[1\]: unknown field "lable"/, 'bad_input'],
      [[...Array.from({ length: 1500 }, (_, i) => pred(i)), pred(3)], /^predictions\[1500\]\.id: "p3" appears twice in this batch \(also predictions\[3\]\)/, 'bad_input'],
    ];
    for (const [rows, message, code] of cases) {
      const r = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    const w = { modelId: 1, from: new Date(0), to: new Date('2100-01-01') };
    expect(await store.read.predictions.count(w)).toBe(0);
    expect(await auditActions()).toEqual(before);
  });

  it('refuses text PostgreSQL cannot store in any field, naming it, after earlier chunks were inserted: nothing written, nothing audited', async () => {
    const before = await auditActions();
    const many = Array.from({ length: 1500 }, (_, i) => pred(i, { sensitive: { sex: 'F' } }));
    const cases: [Record<string, unknown>, string][] = [
      [{ features: { city: 'Pa\u0000ris' } }, 'predictions[1500].features.city: contains a NUL character (U+0000) at position 3, which cannot be stored; remove it'],
      [{ features: { 'ci\u0000ty': 'Paris' } }, 'predictions[1500].features: the name "ci\\u0000ty" contains a NUL character (U+0000) at position 3, which cannot be stored; remove it'],
      [{ prediction: '\u0000' }, 'predictions[1500].prediction: contains a NUL character (U+0000) at position 1'],
      [{ label: 'fr\ud800aud' }, 'predictions[1500].label: contains an unpaired surrogate (U+D800) at position 3'],
      [{ sensitive: { sex: 'F\u0000' } }, 'predictions[1500].sensitive.sex: contains a NUL character (U+0000) at position 2'],
      [{ sensitive: { '\udc00': 'F' } }, 'predictions[1500].sensitive: the name "\\udc00" contains an unpaired surrogate (U+DC00) at position 1'],
    ];
    for (const [extra, message] of cases) {
      const r = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows([...many, pred(1500, extra)], 'predictions'));
      expect(r.ok ? null : r.error).toEqual({ code: 'bad_input', message: expect.stringContaining(message) });
    }
    const labels = await attachLabels(deps(), SYSTEM, 'fraud-detector', arrayRows([{ id: 'p1', label: 'a\u0000' }], 'labels'));
    expect(labels.ok ? null : labels.error).toEqual({ code: 'bad_input', message: 'labels[0].label: contains a NUL character (U+0000) at position 2, which cannot be stored; remove it; no label was attached.' });
    const names: [string, string, string][] = [
      ['fraud\u0000detector', 'production', 'model: contains a NUL character (U+0000) at position 6, which cannot be stored; remove it'],
      ['fraud-detector', 'prod\u0000', 'environment: contains a NUL character (U+0000) at position 5, which cannot be stored; remove it'],
    ];
    for (const [model, environment, message] of names) {
      expect(await logPredictions(deps(), SYSTEM, { model, version: 1, environment }, arrayRows([pred(1)], 'predictions'))).toEqual({ ok: false, error: { code: 'bad_input', message } });
    }
    expect(await attachLabels(deps(), SYSTEM, '\u0000', arrayRows([{ id: 'p1', label: 1 }], 'labels'))).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/^model: contains a NUL/) } });
    expect(await store.read.predictions.count({ modelId: 1, from: new Date(0), to: new Date('2100-01-01') })).toBe(0);
    expect(await auditActions()).toEqual(before);
  });

  it('refuses text values over 1,000 characters and times outside the years 0001–9999, naming the field; accepts both limits', async () => {
    const long = 'x'.repeat(1001);
    const cases: [Record<string, unknown>, string][] = [
      [{ features: { note: long } }, 'predictions[1].features.note: is 1001 characters long; text values are at most 1000 characters'],
      [{ prediction: long }, 'predictions[1].prediction: is 1001 characters long'],
      [{ label: long }, 'predictions[1].label: is 1001 characters long'],
      [{ sensitive: { group: long } }, 'predictions[1].sensitive.group: is 1001 characters long'],
      [{ timestamp: 253_402_300_800_000 }, 'predictions[1].timestamp: must be in the years 0001–9999 (UTC) (got 253402300800000)'],
      [{ timestamp: -62_135_596_800_001 }, 'predictions[1].timestamp: must be in the years 0001–9999 (UTC) (got -62135596800001)'],
      [{ timestamp: '0001-01-01T00:30:00+01:00' }, 'predictions[1].timestamp: must be in the years 0001–9999 (UTC) (got "0001-01-01T00:30:00+01:00")'],
      [{ timestamp: '0000-06-01T00:00:00Z' }, 'predictions[1].timestamp: must be in the years 0001–9999'],
    ];
    for (const [extra, message] of cases) {
      const r = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows([pred(0), pred(1, extra)], 'predictions'));
      expect(r.ok ? null : r.error).toEqual({ code: 'bad_input', message: expect.stringContaining(message) });
    }
    const all = { modelId: 1, from: new Date('0001-01-01T00:00:00Z'), to: new Date('9999-12-31T23:59:59.999Z') };
    expect(await store.read.predictions.count(all)).toBe(0);
    const edge = [
      pred(1, { timestamp: -62_135_596_800_000, features: { note: 'y'.repeat(1000) }, label: 'z'.repeat(1000) }),
      pred(2, { timestamp: '9999-12-31T23:59:59.999Z', prediction: 'w'.repeat(1000), sensitive: { group: 'v'.repeat(1000) } }),
    ];
    const ok = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(edge, 'predictions'));
    expect(ok).toMatchObject({ ok: true, value: { logged: 2 } });
    const back = await store.read.predictions.page({ ...all, to: new Date('2100-01-01') }, null, 10);
    expect(back.map((p) => [p.at.toISOString(), p.features.note])).toEqual([['0001-01-01T00:00:00.000Z', 'y'.repeat(1000)]]);
  });

  it('refuses reference data with text PostgreSQL cannot store, naming the column and row; nothing stored', async () => {
    const city = { name: 'city', kind: 'categorical' as const, codes: new Int32Array([0, 1, 0, 2]), categories: ['Paris', 'Lyon', 'Ni\u0000ce'] };
    const amount = { name: 'amount', kind: 'numeric' as const, values: new Float64Array([1, 2, 3, 4]) };
    const up = (columns: Parameters<typeof uploadReference>[2]['columns']) => uploadReference(deps(), SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref.csv', rows: 4, columns });
    expect(await up([amount, city])).toEqual({ ok: false, error: { code: 'bad_input', message: 'ref.csv: row 4, column "city": contains a NUL character (U+0000) at position 3, which cannot be stored; remove it' } });
    expect(await up([amount, { ...amount, name: 'pr\ud83dce' }])).toEqual({ ok: false, error: { code: 'bad_input', message: 'ref.csv: the name of column 2 contains an unpaired surrogate (U+D83D) at position 3, which cannot be stored; remove it' } });
    expect(await uploadReference(deps(), SYSTEM, { model: 'fraud\u0000', version: 1, source: 'ref.csv', rows: 4, columns: [amount] })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/^model: contains a NUL/) } });
    expect(await uploadReference(deps(), SYSTEM, { model: 'fraud-detector', version: 3_000_000_000, source: 'ref.csv', rows: 4, columns: [amount] })).toMatchObject({ ok: false, error: { code: 'bad_input', message: 'version: must be a whole number from 1 to 2147483647 (got 3000000000)' } });
    expect(await store.read.references.summary(1)).toBeNull();
  });

  it('an id already logged for the model rejects the batch even after earlier chunks were inserted', async () => {
    await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'staging' }, arrayRows([pred(1800)], 'predictions'));
    const rows = Array.from({ length: 2000 }, (_, i) => pred(i));
    const r = await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^predictions\[1800\]\.id: prediction "p1800" is already logged for fraud-detector/) });
    expect(await store.read.predictions.count({ modelId: 1, from: new Date(0), to: new Date('2100-01-01') })).toBe(1);
  });

  it('refuses an unknown model, version or environment', async () => {
    const run = (model: string, version: number, environment: string) => logPredictions(deps(), SYSTEM, { model, version, environment }, arrayRows([pred(1)], 'predictions'));
    expect(await run('nope', 1, 'production')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await run('fraud-detector', 9, 'production')).toMatchObject({ ok: false, error: { code: 'not_found', message: 'fraud-detector has no version 9; its versions are 1–1.' } });
    expect(await run('fraud-detector', 1, 'prod')).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('attaches labels by prediction id later; an unknown id rejects the batch', async () => {
    await logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows([pred(1), pred(2), pred(3)], 'predictions'));
    const bad = await attachLabels(deps(), SYSTEM, 'fraud-detector', arrayRows([{ id: 'p1', label: 1 }, { id: 'p9', label: 0 }], 'labels'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/^labels\[1\]\.id: no prediction "p9" is logged for fraud-detector/) } });
    const w = { modelId: 1, from: new Date(0), to: new Date('2100-01-01'), labeled: true };
    expect(await store.read.predictions.count(w)).toBe(0);
    const good = await attachLabels(deps(), SYSTEM, 'fraud-detector', arrayRows([{ id: 'p1', label: 1 }, { id: 'p3', label: 'fraud' }], 'labels'));
    expect(good).toEqual({ ok: true, value: { model: 'fraud-detector', labeled: 2 } });
    const page = await store.read.predictions.page(w, null, 10);
    expect(page.map((p) => [p.predictionId, p.label])).toEqual([['p1', 1], ['p3', 'fraud']]);
    expect((await auditActions()).at(-1)).toBe('labels.attached');
  });

  it('stores reference data column-major and gives back the same typed arrays (NaN and −1 kept); replacing is audited', async () => {
    const n = 100_000;
    const values = new Float64Array(n).map((_, i) => (i % 97 === 0 ? Number.NaN : Math.sin(i) * 1e3));
    const codes = new Int32Array(n).map((_, i) => (i % 101 === 0 ? -1 : i % 3));
    const columns = [
      { name: 'amount', kind: 'numeric' as const, values },
      { name: 'country', kind: 'categorical' as const, codes, categories: ['DE', 'FR', 'IT'] },
    ];
    const t0 = Date.now();
    const up = await uploadReference(deps(), SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref.csv', rows: n, columns });
    const putMs = Date.now() - t0;
    expect(up).toMatchObject({ ok: true, value: { rows: n, replaced: false, columns: [{ name: 'amount', kind: 'numeric' }, { name: 'country', kind: 'categorical' }] } });
    const t1 = Date.now();
    const got = (await store.read.references.get(1))!;
    const getMs = Date.now() - t1;
    expect(got.rows).toBe(n);
    expect(got.data[0]).toEqual({ name: 'amount', kind: 'numeric', values });
    expect(got.data[1]).toEqual({ name: 'country', kind: 'categorical', codes, categories: ['DE', 'FR', 'IT'] });
    expect(putMs + getMs).toBeLessThan(20_000);
    const again = await uploadReference(deps(), SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref2.csv', rows: 1, columns: [{ name: 'amount', kind: 'numeric', values: new Float64Array([1]) }] });
    expect(again).toMatchObject({ ok: true, value: { replaced: true, rows: 1 } });
    expect((await store.read.references.get(1))!.data).toHaveLength(1);
    const events = await store.read.audit.recent({ target: 'model:fraud-detector', limit: 2 });
    expect(events.map((e) => e.action)).toEqual(['reference.uploaded', 'reference.uploaded']);
    expect(events[0]!.details).toMatchObject({ version: 1, rows: 1, source: 'ref2.csv', replaced: (up as { value: { sha256: string } }).value.sha256 });
  });

  it('stores API tokens hashed; the secret is never in the database or the audit log', async () => {
    const r = await createToken(deps(), SYSTEM, { name: 'ci', role: 'admin' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.token).toMatch(/^stw_[A-Za-z0-9_-]{43}$/);
    expect(await store.read.tokens.byHash(hashToken(r.value.token))).toMatchObject({ name: 'ci', role: 'admin', revokedAt: null });
    expect(await store.read.tokens.byHash(hashToken(`${r.value.token}x`))).toBeNull();
    expect(await createToken(deps(), SYSTEM, { name: 'ci', role: 'viewer' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await createToken(deps(), SYSTEM, { name: 'ci2', role: 'wizard' })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/roles are admin, pipeline, viewer/) } });
    const events = await store.read.audit.scan(0, 100);
    expect(JSON.stringify(events)).not.toContain(r.value.token.slice(4));
    expect(JSON.stringify(events)).not.toContain(hashToken(r.value.token));
    expect(events.at(-1)).toMatchObject({ action: 'token.created', target: 'token:ci', details: { role: 'admin' } });
    expect(verifyChain(events, await store.read.audit.head(), (s) => hashToken(s)).ok).toBe(true);
    expect(await store.transaction(async (tx) => ({ ok: true as const, value: await tx.tokens.revoke('ci', clock.now()) }))).toEqual({ ok: true, value: true });
    expect(await store.read.tokens.byHash(hashToken(r.value.token))).toBeNull();
  });
});
