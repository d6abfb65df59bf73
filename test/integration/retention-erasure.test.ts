import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { attachLabels } from '../../src/monitoring/attach-labels.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { erasePredictions } from '../../src/monitoring/erase-predictions.js';
import { applyRetention } from '../../src/monitoring/apply-retention.js';
import { foldProfiles } from '../../src/monitoring/fold-profiles.js';
import { buildDriftReport } from '../../src/monitoring/chat/drift-report.js';
import { buildBiasReport } from '../../src/monitoring/chat/bias-report.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { storeImpls } from '../helpers/store-impls.js';
import { configFromYaml, testConfig } from '../helpers/test-config.js';
import { referenceColumns } from '../helpers/profiles.js';

const NOW = '2026-11-27T12:00:00Z';

/** 12 days of predictions, 40 a day, a third labelled with a sensitive group; ids `${prefix}-${day}-${i}`. */
function days(prefix: string, skip: (id: string) => boolean = () => false): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < 12; d++) {
    for (let i = 0; i < 40; i++) {
      const id = `${prefix}-${d}-${i}`;
      if (skip(id)) continue;
      out.push({ id, timestamp: new Date(Date.UTC(2026, 10, 15 + d, (i * 5) % 12, i % 60)).toISOString(), features: { amount: (i * 17.3 + d) % 400, items: (i + d) % 6, country: ['DE', 'FR', 'ES'][(i + d) % 3] }, prediction: (i + d) % 2, ...(i % 3 === 0 ? { label: i % 4 ? 1 : 0, sensitive: { group: i % 2 ? 'a' : 'b' } } : {}) });
    }
  }
  return out;
}

async function fresh(impl: ReturnType<typeof storeImpls>[number], clock: FixedClock) {
  const o = await impl.open();
  const r = await registerVersion(o.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
  if (!r.ok) throw new Error(r.error.message);
  const up = await uploadReference({ store: o.store, clock }, SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref.csv', rows: 2000, columns: referenceColumns(2000, 3) });
  if (!up.ok) throw new Error(up.error.message);
  return o;
}

async function reports(store: Store, clock: FixedClock, config = testConfig()) {
  const deps = { store, clock, config };
  const drift = await buildDriftReport(deps, { model: 'fraud-detector', env: 'production', window: '30d' });
  const bias = await buildBiasReport(deps, { model: 'fraud-detector', env: 'production', window: '30d' });
  if (!drift.ok || !bias.ok) throw new Error('report failed');
  return { drift: drift.value.summary.report, rows: drift.value.summary.currentRows, bias: bias.value.summary.attributes, labelled: bias.value.summary.rows };
}

describe.each(storeImpls())('erasure and retention on $name', (impl) => {
  it('after erasing predictions (in folded days and in hourly ones) every report equals one of a database that never logged them; audited without the ids', async () => {
    const clock = new FixedClock(NOW);
    const config = testConfig();
    const gone = (id: string) => /-(2|10)-(3|6|9|21)$/.test(id) || id === 'p-11-0';
    const a = await fresh(impl, clock);
    const b = await fresh(impl, clock);
    try {
      const log = (store: Store, rows: Record<string, unknown>[]) => logPredictions({ store, clock, config }, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
      expect((await log(a.store, days('p'))).ok).toBe(true);
      expect((await log(b.store, days('p', gone))).ok).toBe(true);
      for (const s of [a.store, b.store]) while (await foldProfiles({ store: s, clock })) {}
      const ids = days('p').map((r) => r.id as string).filter(gone);
      expect(ids).toHaveLength(9);
      const r = await erasePredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detector', ids: [...ids, 'never-logged'] });
      expect(r).toEqual({ ok: true, value: { model: 'fraud-detector', erased: 9, notFound: 1 } });
      const [ra, rb] = [await reports(a.store, clock), await reports(b.store, clock)];
      expect(ra.rows).toBe(12 * 40 - 9);
      expect(ra).toEqual(rb);
      const [ev] = await a.store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 });
      expect(ev).toMatchObject({ action: 'predictions.erased', details: { erased: 9, asked: 10 } });
      expect(JSON.stringify(ev)).not.toContain('p-2-3');
      // refused with one line, nothing changed
      expect(await erasePredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detectr', ids: ['x'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await erasePredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detector', ids: [] })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('erasing by subject removes every prediction logged with that key (and only those), as if never logged', async () => {
    const clock = new FixedClock(NOW);
    const config = testConfig();
    const person = (id: string) => /-[0-9]+-(5|15|25)$/.test(id);
    const withSubjects = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, subject: person(r.id as string) ? 'user:ada@example.org' : `user:${r.id as string}` }));
    const a = await fresh(impl, clock);
    const b = await fresh(impl, clock);
    try {
      const log = (store: Store, rows: Record<string, unknown>[]) => logPredictions({ store, clock, config }, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
      expect((await log(a.store, withSubjects(days('p')))).ok).toBe(true);
      expect((await log(b.store, withSubjects(days('p', person)))).ok).toBe(true);
      const r = await erasePredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detector', subject: 'user:ada@example.org' });
      expect(r).toEqual({ ok: true, value: { model: 'fraud-detector', erased: 36, notFound: 0 } });
      expect(await reports(a.store, clock)).toEqual(await reports(b.store, clock));
      const [ev] = await a.store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 });
      expect(ev).toMatchObject({ action: 'predictions.erased', details: { erased: 36, by: 'subject' } });
      expect(JSON.stringify(ev)).not.toContain('ada@');
      expect(await erasePredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detector', subject: 'x', ids: ['p-1-1'] })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      const bad = await logPredictions({ store: a.store, clock, config }, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows([{ id: 'q', features: {}, prediction: 1, subject: 42 }], 'predictions'));
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/^predictions\[0\]\.subject: must be a string of 1–200 characters/) } });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('retention deletes rows and profiles older than configured, in small batches, audits it, and labels for expired rows are refused saying why', async () => {
    const clock = new FixedClock(NOW);
    const config = configFromYaml('monitoring:\n  retention: { rows: 5d, profiles: 8d }\n');
    const o = await fresh(impl, clock);
    try {
      const deps = { store: o.store, clock, config };
      expect((await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(days('p'), 'predictions'))).ok).toBe(true);
      while (await foldProfiles(deps)) {}
      const before = await reports(o.store, clock, config);
      expect(before.rows).toBe(12 * 40);
      const expired = await applyRetention(deps, { batch: 7, maxBatches: 1000 });
      // rows before 11-22 (5 days before 11-27) and profiles before 11-19 (8 days) are gone
      expect(expired).toEqual({ rows: 7 * 40, profiles: 4 });
      const w = { modelId: 1, from: new Date('2000-01-01Z'), to: new Date('2100-01-01Z') };
      const left = await o.store.read.predictions.page(w, null, 10_000);
      expect(left.every((p) => p.at >= new Date('2026-11-22T00:00Z'))).toBe(true);
      expect(left).toHaveLength(5 * 40);
      // reports still count the profiles kept (days 11-19 … 11-21 have no rows left, but their profiles stay for 8 days)
      expect((await reports(o.store, clock, config)).rows).toBe(8 * 40);
      const [ev] = await o.store.read.audit.recent({ target: 'monitoring:retention', limit: 1 });
      expect(ev).toMatchObject({ action: 'predictions.expired', actor: 'system:steward', details: { rows: 280, profiles: 4 } });
      expect(await applyRetention(deps)).toEqual({ rows: 0, profiles: 0 });
      const label = await attachLabels(deps, SYSTEM, 'fraud-detector', arrayRows([{ id: 'p-0-1', label: 1 }], 'labels'));
      expect(label).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(!label.ok && label.error.message).toMatch(/kept 5 days \(monitoring\.retention\.rows\), and an older one can no longer be labelled; no label was attached\.$/);
    } finally {
      await o.close();
    }
  });
});
