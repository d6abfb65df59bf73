import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { attachLabels } from '../../src/monitoring/attach-labels.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { currentBasis } from '../../src/monitoring/profile-basis-source.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { windowProfile } from '../../src/monitoring/window-profile.js';
import { buildDriftReport } from '../../src/monitoring/chat/drift-report.js';
import { foldProfiles } from '../../src/monitoring/fold-profiles.js';
import { buildBiasReport } from '../../src/monitoring/chat/bias-report.js';
import { resolveScope } from '../../src/monitoring/measure-drift.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { storeImpls } from '../helpers/store-impls.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';
import { comparable, profileOfRows, referenceColumns } from '../helpers/profiles.js';
import { writerBatch } from './profile-writer-rows.js';

const config = testConfig();
const WINDOW = { modelId: 1, versionId: 1, environment: 'production', from: new Date('2026-11-27T00:00Z'), to: new Date('2026-11-28T00:00Z') };

async function setUp(store: Store, clock: FixedClock, referenceSeed = 1) {
  const r = await registerVersion(store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
  if (!r.ok) throw new Error(r.error.message);
  await upload(store, clock, referenceSeed);
}

async function upload(store: Store, clock: FixedClock, seed: number) {
  const up = await uploadReference({ store, clock }, SYSTEM, { model: 'fraud-detector', version: 1, source: 'ref.csv', rows: 3000, columns: referenceColumns(3000, seed) });
  if (!up.ok) throw new Error(up.error.message);
}

/** The stored profiles of the day, merged, and the profile of every row logged that day, built row by row. */
async function bothWays(store: Store, clock: FixedClock) {
  const deps = { store, clock, config };
  const scope = await resolveScope(deps, { model: 'fraud-detector', env: 'production', window: '1d' });
  if (!scope.ok) throw new Error(scope.error.message);
  const w = await windowProfile(deps, scope.value);
  const current = await currentBasis(store.read, config, 'fraud-detector', 1);
  return { stored: comparable(w.profile), rows: comparable(await profileOfRows(store, WINDOW, current)), window: w };
}

describe.each(storeImpls())('prediction profiles on $name', (impl) => {
  let store: Store;
  let db: TestDatabase | null;
  let close: () => Promise<void>;
  const clock = new FixedClock('2026-11-27T12:00:00Z');
  const deps = () => ({ store, clock, config });
  const log = (rows: Record<string, unknown>[]) => logPredictions(deps(), SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'));
  beforeEach(async () => {
    ({ store, db, close } = await impl.open());
    await setUp(store, clock);
  });
  afterEach(async () => close());

  it('batches across hours, and labels attached later, add up to the profile of all the rows', async () => {
    for (let b = 0; b < 6; b++) expect((await log(writerBatch('a', b))).ok).toBe(true);
    // relabel some, label others for the first time
    const labels = [...Array.from({ length: 40 }, (_, i) => ({ id: `a-${i * 4}`, label: i % 3 ? 1 : 0 })), ...Array.from({ length: 30 }, (_, i) => ({ id: `a-${i * 4 + 1}`, label: i % 2 }))];
    expect((await attachLabels(deps(), SYSTEM, 'fraud-detector', arrayRows(labels, 'labels'))).ok).toBe(true);
    const { stored, rows, window } = await bothWays(store, clock);
    expect(stored.rows).toBe(600);
    expect(stored).toEqual(rows);
    expect(window.hours).toBe(3);
    expect(window.notComparable).toEqual({ rows: 0, hours: 0 });
  });

  it('a rejected batch changes no profile', async () => {
    expect((await log(writerBatch('a', 0))).ok).toBe(true);
    const before = (await bothWays(store, clock)).stored;
    const bad = writerBatch('b', 1);
    bad[99] = { ...bad[99], features: { amount: { nested: true } } };
    expect((await log(bad)).ok).toBe(false);
    const dup = writerBatch('c', 2);
    dup[50] = { ...dup[50], id: 'a-3' }; // already logged
    expect((await log(dup)).ok).toBe(false);
    expect((await bothWays(store, clock)).stored).toEqual(before);
  });

  it('a replaced reference: profiles are rebuilt on its bins from the rows still kept; hours whose rows are gone are not comparable, never mixed', async () => {
    for (let b = 0; b < 3; b++) expect((await log(writerBatch('a', b))).ok).toBe(true);
    const first = (await bothWays(store, clock)).window;
    expect(first.profile.rows).toBe(300);
    await upload(store, clock, 7); // another reference: other bins
    const after = await bothWays(store, clock);
    expect(after.window.current.basis.id).not.toBe(first.current.basis.id);
    expect(after.stored).toEqual(after.rows);
    expect(after.stored.rows).toBe(300);
    if (!db) return; // the rest removes rows behind the store's back
    // Rows of 09:00 go (as retention would delete them); then the reference changes again.
    const gone = await db.execute(`delete from prediction_logs where at >= '2026-11-27T09:00Z' and at < '2026-11-27T10:00Z' returning 1`);
    expect(gone).toHaveLength(100);
    await upload(store, clock, 9);
    const third = await bothWays(store, clock);
    expect(third.window.notComparable).toEqual({ rows: 100, hours: 1 });
    expect(third.stored.rows).toBe(200); // the hours rebuilt from their rows; 09:00 left out
    expect(third.stored).toEqual(third.rows);
    const report = await buildDriftReport(deps(), { model: 'fraud-detector', env: 'production', window: '1d' });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.summary.currentRows).toBe(200);
    expect(report.value.summary.notComparable).toEqual({ rows: 100, hours: 1 });
    expect(JSON.stringify(report.value.reply.blocks)).toContain('100 predictions in 1 hour of this window were profiled against an earlier reference or label setting and are not comparable: left out.');
  });
});

describe('minGroupSize', () => {
  it('a group of fewer labelled predictions than monitoring.minGroupSize is never shown: not in the table, not in the metrics, a note says so', async () => {
    const { store, close } = await storeImpls()[0]!.open();
    try {
      const clock = new FixedClock('2026-11-27T12:00:00Z');
      await setUp(store, clock);
      const deps = { store, clock, config };
      const rows = Array.from({ length: 63 }, (_, i) => ({ id: `g-${i}`, timestamp: '2026-11-27T10:00:00Z', features: { amount: i }, prediction: i % 2, label: i % 3 ? 1 : 0, sensitive: { group: i < 30 ? 'A' : i < 60 ? 'B' : 'C' } }));
      expect((await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(rows, 'predictions'))).ok).toBe(true);
      const r = await buildBiasReport(deps, { model: 'fraud-detector', env: 'production', window: '1d' });
      if (!r.ok) throw new Error(r.error.message);
      const a = r.value.summary.attributes[0]!;
      expect(a.groups.map((g) => [g.group, g.count])).toEqual([['A', 30], ['B', 30]]);
      expect(a.notes).toContain("group 'C' has fewer than 10 labelled predictions: too small to show, left out of the table and the metrics");
      // the metrics are those of A and B alone
      const rate = (g: string) => a.groups.find((x) => x.group === g)!.selectionRate!;
      expect(a.demographicParityDifference).toBeCloseTo(Math.abs(rate('A') - rate('B')), 12);
      expect(JSON.stringify(r.value.reply.blocks)).not.toContain('["C",'); // no table row for C
      expect(JSON.stringify(r.value.reply.blocks)).toContain('["A","30"');
    } finally {
      await close();
    }
  });
});

describe.each(storeImpls())('folding hourly profiles into days on $name', (impl) => {
  it('days more than 3 behind are folded; 2-day and 10-day reports, late rows and a rebuild still equal the rows', async () => {
    const { store, close } = await impl.open();
    try {
      const clock = new FixedClock('2026-11-27T12:00:00Z');
      await setUp(store, clock);
      const deps = { store, clock, config };
      const at = (day: number, hour: number, i: number) => new Date(Date.UTC(2026, 10, 17 + day, hour, i % 60, 0)).toISOString();
      const batch = (day: number, prefix: string) =>
        Array.from({ length: 48 }, (_, i) => ({ id: `${prefix}-${day}-${i}`, timestamp: at(day, i % 24, i), features: { amount: (i * 13.7) % 500, items: i % 6, country: ['DE', 'FR', 'XX'][i % 3] }, prediction: i % 2, ...(i % 3 === 0 ? { label: i % 4 ? 1 : 0, sensitive: { sex: i % 5 ? 'M' : 'F' } } : {}) }));
      // each day logged as it happened (hourly profiles), then 11-27 12:00 comes
      for (let d = 0; d < 11; d++) {
        clock.set(d < 10 ? new Date(Date.UTC(2026, 10, 17 + d, 23, 59)) : '2026-11-27T12:00:00Z');
        expect((await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(batch(d, 'a'), 'predictions'))).ok).toBe(true);
      }
      const count = async () => (await store.read.profiles.window({ versionId: 1, from: new Date(0), to: new Date('2100-01-01') })).length;
      expect(await count()).toBe(11 * 24);
      let folded = 0;
      for (let n = await foldProfiles(deps, 3); n; n = await foldProfiles(deps, 3)) folded += n;
      expect(folded).toBe(7); // 2026-11-17 … 11-23: more than 3 days before 11-27
      expect(await count()).toBe(7 + 4 * 24);
      const check = async (window: string) => {
        const scope = await resolveScope(deps, { model: 'fraud-detector', env: 'production', window });
        if (!scope.ok) throw new Error(scope.error.message);
        const w = await windowProfile(deps, scope.value);
        const current = await currentBasis(store.read, config, 'fraud-detector', 1);
        const rows = await profileOfRows(store, { modelId: 1, versionId: 1, environment: 'production', from: scope.value.from, to: scope.value.to }, current);
        expect(comparable(w.profile)).toEqual(comparable(rows));
        return { from: scope.value.from.toISOString(), rows: w.profile.rows };
      };
      expect(await check('10d')).toEqual({ from: '2026-11-17T00:00:00.000Z', rows: 10 * 48 + 24 }); // reaches folded days: starts at a day (and ends now: 11-27 12:00)
      expect(await check('2d')).toEqual({ from: '2026-11-25T12:00:00.000Z', rows: 24 + 48 + 24 }); // hourly: starts at the hour
      // a late batch into a folded day goes straight into the day's profile: nothing left to fold
      expect((await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(batch(2, 'late'), 'predictions'))).ok).toBe(true);
      expect(await count()).toBe(7 + 4 * 24);
      expect((await check('10d')).rows).toBe(11 * 48 + 24);
      expect(await foldProfiles(deps)).toBe(0);
      // labels for predictions of a folded day (logged hourly, folded since) count in the day's profile
      const late = Array.from({ length: 12 }, (_, i) => ({ id: `a-3-${i * 4 + 1}`, label: i % 2 }));
      expect((await attachLabels(deps, SYSTEM, 'fraud-detector', arrayRows(late, 'labels'))).ok).toBe(true);
      expect((await check('10d')).rows).toBe(11 * 48 + 24);
      // a backfill of older days, logged now: one profile per day, not one per hour
      const backfill = [0, 1].flatMap((d) => batch(d, 'backfill'));
      expect((await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(backfill, 'predictions'))).ok).toBe(true);
      expect(await count()).toBe(7 + 4 * 24);
      expect((await check('10d')).rows).toBe(13 * 48 + 24);
      // a new reference: folded days are rebuilt as days
      await upload(store, clock, 5);
      expect((await check('10d')).rows).toBe(13 * 48 + 24);
      expect(await count()).toBe(7 + 4 * 24);
    } finally {
      await close();
    }
  });
});

describe.runIf(hasPostgres())('two processes logging into the same hours on PostgreSQL', () => {
  it('50 batches each: the merged profile equals the profile of all their rows', async () => {
    const db = await freshDatabase('postgres');
    try {
      const store = drizzleStore(db.db);
      const clock = new FixedClock('2026-11-27T12:00:00Z');
      await setUp(store, clock);
      const dir = tempDir('profile-writers');
      const go = join(dir, 'go');
      const run = (prefix: string) =>
        new Promise<string>((resolve, reject) => {
          const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'profile-writer.ts'), db.url!, prefix, '50', go], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          p.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.split('\n').filter((l) => l === 'ready').length === 1 && !ready.has(prefix)) ready.add(prefix);
            if (ready.size === 2 && !gone) {
              gone = true;
              writeFileSync(go, '');
            }
          });
          p.on('error', reject);
          p.on('exit', () => resolve(out));
        });
      const ready = new Set<string>();
      let gone = false;
      const outs = await Promise.all([run('x'), run('y')]);
      expect(outs.map((o) => o.trim().split('\n').at(-1))).toEqual(['done 5000', 'done 5000']);
      const { stored, rows } = await bothWays(store, clock);
      expect(stored.rows).toBe(10_000);
      expect(stored).toEqual(rows);
    } finally {
      await db.close();
    }
  }, 120_000);
});
