import { describe, expect, it } from 'vitest';
import type { ReferenceColumn, Scalar } from '../../../src/monitoring/domain/monitoring-store.js';
import { profileBasis } from '../../../src/monitoring/domain/profile/profile-basis.js';
import { addRow, emptyProfile, mergeProfile, type PredictionProfile } from '../../../src/monitoring/domain/profile/prediction-profile.js';
import { profileDrift } from '../../../src/monitoring/domain/profile/profile-drift.js';
import { profileBias } from '../../../src/monitoring/domain/profile/profile-bias.js';
import { profileFromJson, profileJsonSchema, profileToJson, profileToStored, type StoredProfileJson } from '../../../src/monitoring/domain/profile/profile-json.js';
import { prng } from '../../http/malformed-requests.js';
import { biasReport, datasetDrift, type NumericFeatureDrift, type CategoricalFeatureDrift } from '../../../src/monitoring/domain/stats/index.js';

/**
 * Profiles against the raw rows they summarise, on generated data: PSI, Jensen–Shannon,
 * chi-square and every bias number equal (1e-9 relative); KS and Wasserstein within the bound
 * the profile states, in every case.
 */

const rng = prng;
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

type Gen = (r: () => number, shift: number) => number | null | string;
const GENERATORS: Record<string, Gen> = {
  normal: (r, s) => normal(r) + s,
  lognormal: (r, s) => Math.exp(normal(r) * 0.8 + s),
  counts: (r, s) => Math.floor(-Math.log(1 - r()) * (3 + 4 * s)),
  rounded: (r, s) => Math.round((normal(r) * 2 + s) * 100) / 100,
  sparse: (r, s) => (r() < 0.05 ? null : r() < 0.02 ? 'n/a' : normal(r) * 10 + s * 5),
  wide: (r, s) => (r() < 0.01 * (1 + 10 * s) ? 1e6 * r() : normal(r)),
};
const CATS = ['a', 'b', 'c', 'd', 'e'];

function closeRel(a: number | null | undefined, b: number | null | undefined): void {
  if (a === null || a === undefined || b === null || b === undefined) {
    expect(a ?? null).toBe(b ?? null);
    return;
  }
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15);
}

function within(value: number, bound: number, exact: number): void {
  expect(exact).toBeGreaterThanOrEqual(value - bound);
  expect(exact).toBeLessThanOrEqual(value + bound);
}

interface Case {
  refRows: number;
  curRows: number;
  shift: number;
  seed: number;
}

function generate(c: Case) {
  const r = rng(c.seed);
  const names = Object.keys(GENERATORS);
  const reference: ReferenceColumn[] = names.map((n) => ({ name: n, kind: 'numeric' as const, values: Float64Array.from({ length: c.refRows }, () => {
    const v = GENERATORS[n]!(r, 0);
    return typeof v === 'number' ? v : Number.NaN;
  }) }));
  reference.push({ name: 'segment', kind: 'categorical', categories: CATS.slice(0, 4), codes: Int32Array.from({ length: c.refRows }, () => (r() < 0.03 ? -1 : Math.floor(r() * r() * 4))) });
  const rows: { features: Record<string, Scalar>; prediction: Scalar; label: Scalar | undefined; sensitive: Record<string, Scalar> | null }[] = [];
  for (let i = 0; i < c.curRows; i++) {
    const features: Record<string, Scalar> = {};
    for (const n of names) features[n] = GENERATORS[n]!(r, c.shift);
    features.segment = r() < 0.03 ? null : CATS[Math.floor(r() * (4 + c.shift))] ?? 'zz';
    const group = ['f', 'm', 'x'][Math.floor(r() * r() * 3)]!;
    const y = r() < 0.4 ? 1 : 0;
    const yhat = r() < (group === 'f' ? 0.3 : 0.5) ? 1 : 0;
    rows.push({ features, prediction: yhat, label: r() < 0.6 ? (r() < 0.02 ? null : y) : undefined, sensitive: r() < 0.95 ? { group, ...(r() < 0.5 ? { age: r() < 0.5 ? 'young' : 'old' } : {}) } : null });
  }
  return { reference, rows };
}

/** The raw-row computation the reports did before profiles. */
function rawDrift(reference: ReferenceColumn[], rows: ReturnType<typeof generate>['rows']) {
  return datasetDrift(
    reference.map((col) => {
      if (col.kind === 'numeric') {
        const cur = Float64Array.from(rows, (row) => {
          const v = row.features[col.name];
          if (typeof v === 'number') return v;
          return Number.NaN;
        });
        return { name: col.name, kind: 'numeric' as const, reference: col.values, current: cur };
      }
      const cats: string[] = [];
      const codes = Int32Array.from(rows, (row) => {
        const v = row.features[col.name];
        if (v === null || v === undefined) return -1;
        let i = cats.indexOf(String(v));
        if (i < 0) i = cats.push(String(v)) - 1;
        return i;
      });
      return { name: col.name, kind: 'categorical' as const, reference: { codes: col.codes, categories: col.categories }, current: { codes, categories: cats } };
    }),
  );
}

function build(reference: ReferenceColumn[], rows: ReturnType<typeof generate>['rows'], parts: number): { profile: PredictionProfile; basis: ReturnType<typeof profileBasis> } {
  const basis = profileBasis('abc', reference, {});
  const pieces = Array.from({ length: parts }, () => emptyProfile(basis));
  rows.forEach((row, i) => addRow(pieces[i % parts]!, basis, row, 1));
  const profile = emptyProfile(basis);
  // through the JSON forms, as profiles are read back: the upload form (dense bins) and the
  // database's (sparse bins when most are empty), alternately
  for (const [i, p] of pieces.entries()) {
    const back = i % 2 ? profileFromJson(JSON.parse(JSON.stringify(profileToStored(p))) as StoredProfileJson, basis) : profileFromJson(profileJsonSchema.parse(JSON.parse(JSON.stringify(profileToJson(p)))), basis);
    if (!back.ok) throw new Error(back.problem);
    mergeProfile(profile, back.value);
  }
  return { profile, basis };
}

const CASES: Case[] = [];
for (let seed = 1; seed <= 12; seed++) CASES.push({ refRows: [200, 1500, 20_000][seed % 3]!, curRows: [50, 3000, 25_000][(seed * 7) % 3]!, shift: [0, 0.05, 0.5, 2][seed % 4]!, seed });

describe('drift from profiles vs from every row', () => {
  it.each(CASES)('refRows $refRows, curRows $curRows, shift $shift (seed $seed): exact where counts allow, within the stated bound elsewhere', (c) => {
    const { reference, rows } = generate(c);
    const raw = rawDrift(reference, rows);
    const { profile, basis } = build(reference, rows, 7);
    const fromProfile = profileDrift(reference, basis, profile).drift;
    expect(fromProfile.features.map((f) => f.name)).toEqual(raw.features.map((f) => f.name));
    for (const [i, p] of fromProfile.features.entries()) {
      const x = raw.features[i]!;
      expect(p.missing).toEqual(x.missing);
      expect(p.test).toBe(x.test);
      closeRel(p.psi, x.psi);
      closeRel(p.jensenShannon, x.jensenShannon);
      if (p.kind === 'categorical') {
        const xc = x as CategoricalFeatureDrift;
        closeRel(p.chiSquare?.statistic, xc.chiSquare?.statistic);
        closeRel(p.chiSquare?.pValue, xc.chiSquare?.pValue);
        expect(p.chiSquare?.dof).toBe(xc.chiSquare?.dof);
        expect(p.status).toBe(x.status);
        continue;
      }
      const xn = x as NumericFeatureDrift;
      if (!xn.ks) {
        expect(p.ks).toBeNull();
        continue;
      }
      const b = p.bound!;
      within(p.ks!.statistic, b.ks.statistic, xn.ks.statistic);
      within(p.ks!.pValue, b.ks.pValue, xn.ks.pValue);
      within(p.wasserstein!, b.wasserstein, xn.wasserstein!);
      within(p.wassersteinNormed!, b.wassersteinNormed, xn.wassersteinNormed!);
      // the bound is useful, not vacuous: a few thousandths of the KS scale
      if (c.refRows >= 1500 && c.curRows >= 3000) expect(b.ks.statistic, `${p.name}: KS bound`).toBeLessThan(0.005);
    }
  });
});

describe('bias from profiles vs from every row', () => {
  it.each(CASES.slice(0, 6))('seed $seed: every group count, rate, metric and note is the same', (c) => {
    const { reference, rows } = generate(c);
    const { profile } = build(reference, rows, 5);
    const labelled = rows.filter((r) => r.label !== undefined);
    const attrs = ['age', 'group'].map((attribute) => {
      const groups: string[] = [];
      const codes = Int32Array.from(labelled, (r) => {
        const v = r.sensitive?.[attribute];
        if (v === undefined || v === null) return -1;
        let i = groups.indexOf(String(v));
        if (i < 0) i = groups.push(String(v)) - 1;
        return i;
      });
      return { attribute, codes, groups };
    });
    const y = labelled.map((r) => (r.label === null ? null : (r.label as number)));
    const yhat = labelled.map((r) => r.prediction as number);
    const raw = biasReport(y, yhat, attrs);
    const p = profileBias(profile);
    expect(p.kind).toBe('report');
    if (p.kind !== 'report') return;
    expect(p.rows).toBe(labelled.length);
    for (const [i, a] of p.report.attributes.entries()) {
      const x = raw.attributes[i]!;
      expect(a.attribute).toBe(x.attribute);
      const byName = (gs: typeof a.groups) => Object.fromEntries(gs.map((g) => [g.group, g]));
      const pg = byName(a.groups);
      const xg = byName(x.groups);
      expect(Object.keys(pg).sort()).toEqual(Object.keys(xg).sort());
      for (const k of Object.keys(xg)) {
        expect(pg[k]!.count).toBe(xg[k]!.count);
        for (const m of ['selectionRate', 'tpr', 'fpr', 'accuracy'] as const) closeRel(pg[k]![m], xg[k]![m]);
      }
      for (const m of ['demographicParityDifference', 'demographicParityRatio', 'equalOpportunityDifference', 'equalOpportunityRatio', 'equalizedOddsDifference', 'equalizedOddsRatio'] as const) closeRel(a[m], x[m]);
      expect(a.fourFifthsFlag).toBe(x.fourFifthsFlag);
      expect([...a.notes].sort()).toEqual([...x.notes].sort());
    }
  });
});

describe('profiles add and subtract', () => {
  it('subtracting rows gives the profile of the rows that remain', () => {
    const { reference, rows } = generate({ refRows: 1000, curRows: 2000, shift: 0.3, seed: 99 });
    const basis = profileBasis('abc', reference, {});
    const all = emptyProfile(basis);
    rows.forEach((r) => addRow(all, basis, r, 1));
    rows.slice(0, 500).forEach((r) => addRow(all, basis, r, -1));
    const rest = emptyProfile(basis);
    rows.slice(500).forEach((r) => addRow(rest, basis, r, 1));
    const strip = (p: PredictionProfile) => {
      const j = profileToJson(p);
      const byKey = <T extends [string, unknown]>(xs: T[]) => [...xs].sort((a, b) => a[0].localeCompare(b[0]));
      return {
        ...j,
        features: j.features.map((f) => (f.kind === 'numeric' ? { ...f, min: null, max: null, sum: Number(f.sum.toPrecision(9)), sumSquares: Number(f.sumSquares.toPrecision(9)) } : { ...f, counts: byKey(f.counts) })),
        prediction: { ...j.prediction, min: null, max: null, categories: byKey(j.prediction.categories) },
        labels: { ...j.labels, attributes: [...j.labels.attributes].sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ ...a, groups: byKey(a.groups) })) },
        quality: { ...j.quality!, confusion: byKey(j.quality!.confusion), errors: j.quality!.errors.map((x) => Number(x.toPrecision(9))), expected: j.quality!.expected.map((x) => Number(x.toPrecision(9))) },
      };
    };
    expect(strip(all)).toEqual(strip(rest));
    const groupsByName = (p: PredictionProfile) => {
      const b = profileBias(p);
      if (b.kind !== 'report') throw new Error(b.kind);
      return b.report.attributes.map((a) => ({ ...a, groups: [...a.groups].sort((x, y) => x.group.localeCompare(y.group)), notes: [...a.notes].sort() }));
    };
    expect(groupsByName(all)).toEqual(groupsByName(rest));
  });
});

describe('stored profiles', () => {
  it('an hour of a few rows is stored with its non-zero bins only, and reads back as the same profile', () => {
    const { reference, rows } = generate({ refRows: 5000, curRows: 40, shift: 0.3, seed: 7 });
    const basis = profileBasis('abc', reference, {});
    const p = emptyProfile(basis);
    rows.forEach((r) => addRow(p, basis, r, 1));
    const dense = JSON.stringify(profileToJson(p));
    const stored = profileToStored(p);
    const sparse = JSON.stringify(stored);
    // 6 numeric features of ~1,000 fine bins each, at most 40 of them non-zero
    for (const f of stored.features) {
      if (f.kind !== 'numeric') continue;
      if (Array.isArray(f.bins)) throw new Error(`${f.name} is not stored sparse`);
      expect(f.bins.at.length).toBeLessThanOrEqual(40);
      expect(f.bins.counts.reduce((a, b) => a + b, 0)).toBe(f.count);
    }
    expect(sparse.length * 3).toBeLessThan(dense.length);
    const back = profileFromJson(JSON.parse(sparse) as StoredProfileJson, basis);
    if (!back.ok) throw new Error(back.problem);
    expect(JSON.stringify(profileToJson(back.value))).toBe(dense);
  });

  it('a profile with most bins filled is stored dense, and dense profiles stored before still read', () => {
    const { reference, rows } = generate({ refRows: 300, curRows: 25_000, shift: 0, seed: 8 });
    const basis = profileBasis('abc', reference, {});
    const p = emptyProfile(basis);
    rows.forEach((r) => addRow(p, basis, r, 1));
    const stored = profileToStored(p);
    const normal = stored.features.find((f) => f.name === 'normal')!;
    expect(normal.kind === 'numeric' && Array.isArray(normal.bins)).toBe(true);
    const back = profileFromJson(JSON.parse(JSON.stringify(profileToJson(p))) as StoredProfileJson, basis);
    if (!back.ok) throw new Error(back.problem);
    expect(profileToJson(back.value)).toEqual(profileToJson(p));
  });

  it('a stored profile whose bins do not fit the basis is refused, naming the feature', () => {
    const { reference, rows } = generate({ refRows: 2000, curRows: 10, shift: 0, seed: 9 });
    const basis = profileBasis('abc', reference, {});
    const p = emptyProfile(basis);
    rows.forEach((r) => addRow(p, basis, r, 1));
    const stored = profileToStored(p);
    const bad = { ...stored, features: stored.features.map((f) => (f.kind === 'numeric' && !Array.isArray(f.bins) ? { ...f, bins: { ...f.bins, size: f.bins.size + 1 } } : f)) };
    const r = profileFromJson(bad, basis);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/^features: normal has \d+ bins; the basis has \d+$/);
  });
});
