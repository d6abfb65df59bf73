import { describe, expect, it } from 'vitest';
import {
  categoricalColumnDrift,
  classifyDrift,
  columnDrift,
  ksTest,
  numericColumnDrift,
  resolveDecision,
  type NumericFeatureDrift,
} from '../../../src/monitoring/domain/stats/index.js';
import { f64 } from './helpers.js';

const NaN_ = Number.NaN;
const range = (n: number, f: (i: number) => number): Float64Array => new Float64Array(n).map((_, i) => f(i));

describe('test choice', () => {
  it('≤ 1000 reference rows (after dropping missing): KS / chi-square at 0.05', () => {
    expect(resolveDecision('x', 'numeric', 1000)).toEqual({ test: 'ks', threshold: 0.05, possibleBand: 1 });
    expect(resolveDecision('x', 'categorical', 1000)).toEqual({ test: 'chiSquare', threshold: 0.05, possibleBand: 1 });
  });

  it('> 1000 rows: normed Wasserstein / Jensen–Shannon at 0.1', () => {
    expect(resolveDecision('x', 'numeric', 1001)).toEqual({ test: 'wasserstein', threshold: 0.1, possibleBand: 0.2 });
    expect(resolveDecision('x', 'categorical', 1001)).toEqual({ test: 'jensenShannon', threshold: 0.1, possibleBand: 0.2 });
  });

  it('counts rows after dropping missing values', () => {
    // 1001 values of which 2 are NaN → 999 rows → KS.
    const r = range(1001, (i) => (i < 2 ? NaN_ : i));
    const res = numericColumnDrift('x', r, range(50, (i) => i));
    expect(res.test).toBe('ks');
    expect(res.missing).toEqual({ reference: 2, current: 0 });
  });

  it('per-column overrides and validation', () => {
    expect(resolveDecision('x', 'numeric', 10, { test: 'psi' })).toEqual({ test: 'psi', threshold: 0.1, possibleBand: 0.2 });
    expect(resolveDecision('x', 'numeric', 10, { threshold: 0.01, possibleBand: 0 }).threshold).toBe(0.01);
    expect(() => resolveDecision('x', 'categorical', 10, { test: 'ks' })).toThrow(/does not apply/);
    expect(() => resolveDecision('x', 'numeric', 10, { test: 'chiSquare' })).toThrow(/does not apply/);
    expect(() => resolveDecision('x', 'numeric', 10, { threshold: 0 })).toThrow(RangeError);
    expect(() => resolveDecision('x', 'numeric', 10, { test: 'ks', threshold: 1.5 })).toThrow(RangeError);
    expect(() => resolveDecision('x', 'numeric', 10, { test: 'psi', possibleBand: 1.5 })).toThrow(RangeError);
    expect(() => resolveDecision('x', 'numeric', 10, { possibleBand: -0.1 })).toThrow(RangeError);
  });
});

describe('tiers', () => {
  it('distance tests: drift ≥ t, possible in [t(1−b), t), else none', () => {
    expect(classifyDrift('wasserstein', 0.1, 0.1, 0.2)).toBe('drift');
    expect(classifyDrift('wasserstein', 0.0999, 0.1, 0.2)).toBe('possible_drift');
    expect(classifyDrift('jensenShannon', 0.08, 0.1, 0.2)).toBe('possible_drift');
    expect(classifyDrift('jensenShannon', 0.0799, 0.1, 0.2)).toBe('no_drift');
    expect(classifyDrift('psi', 0.0999, 0.1, 0)).toBe('no_drift');
  });

  it('p-value tests: drift < t, possible in [t, t(1+b)), else none', () => {
    expect(classifyDrift('ks', 0.0499, 0.05, 1)).toBe('drift');
    expect(classifyDrift('ks', 0.05, 0.05, 1)).toBe('possible_drift');
    expect(classifyDrift('chiSquare', 0.0999, 0.05, 1)).toBe('possible_drift');
    expect(classifyDrift('chiSquare', 0.1, 0.05, 1)).toBe('no_drift');
    expect(classifyDrift('ks', 0.05, 0.05, 0)).toBe('no_drift');
  });
});

describe('numericColumnDrift', () => {
  it('small hand case: R=[1,2,3], C=[2,3,4] → KS p = 0.99626 → no_drift, all statistics reported', () => {
    const res = numericColumnDrift('age', f64([1, 2, 3]), f64([2, 3, 4]));
    expect(res.test).toBe('ks');
    expect(res.score).toBeCloseTo(0.9962551923793987, 14);
    expect(res.status).toBe('no_drift');
    expect(res.threshold).toBe(0.05);
    expect(res.ks?.statistic).toBeCloseTo(1 / 3, 15);
    expect(res.wasserstein).toBeCloseTo(1, 15);
    expect(res.wassersteinNormed).toBeCloseTo(Math.sqrt(1.5), 14);
    // Edges of [1,2,3]: h = 2q → 1.2, 1.4, …, 2.8; bins hold R = 1 | 2 | 3 at bins 0, 5, 9
    // and C = 2 | 3 | 4 at bins 5, 9, 9 → r = .33 each in 3 bins, c = .33 + .67.
    expect(res.psi).toBeGreaterThan(0);
    expect(res.jensenShannon).toBeGreaterThan(0);
  });

  it('NaN is missing: same result as without it, with counts reported', () => {
    const withNaN = numericColumnDrift('x', f64([1, NaN_, 2, 3]), f64([NaN_, 2, 3, NaN_, 4]));
    const clean = numericColumnDrift('x', f64([1, 2, 3]), f64([2, 3, 4]));
    expect(withNaN.missing).toEqual({ reference: 1, current: 2 });
    expect({ ...withNaN, missing: null }).toEqual({ ...clean, missing: null });
  });

  it('empty on either side → not_testable, never no_drift', () => {
    for (const [r, c] of [
      [f64([NaN_, NaN_]), f64([1, 2])],
      [f64([1, 2]), f64([])],
      [f64([]), f64([])],
    ] as const) {
      const res = numericColumnDrift('x', r, c);
      expect(res.status).toBe('not_testable');
      expect(res.score).toBeNull();
      expect(res.ks).toBeNull();
      expect(res.wasserstein).toBeNull();
      expect(res.psi).toBeNull();
      expect(res.test).toBe('ks');
    }
    expect(numericColumnDrift('x', f64([NaN_]), f64([1])).missing).toEqual({ reference: 1, current: 0 });
  });

  it('all-equal columns: identical → no drift with zero distances', () => {
    const res = numericColumnDrift('c', f64([5, 5, 5]), f64([5, 5]));
    expect(res).toMatchObject({ status: 'no_drift', score: 1, ks: { statistic: 0, pValue: 1 }, wasserstein: 0, wassersteinNormed: 0, psi: 0, jensenShannon: 0 });
  });

  it('constant reference vs shifted current, large sample: normed W1 = 1/0.001', () => {
    const res = numericColumnDrift('c', range(2000, () => 5), range(2000, () => 6));
    expect(res.test).toBe('wasserstein');
    expect(res.wassersteinNormed).toBeCloseTo(1000, 9);
    expect(res.status).toBe('drift');
  });

  it('large shifted sample: drift by normed Wasserstein; the configured test decides', () => {
    // R = 0..1999 (σ ≈ 577.35), C = R + 200 → W1 = 200, normed ≈ 0.3464.
    const r = range(2000, (i) => i);
    const c = range(2000, (i) => i + 200);
    const res = numericColumnDrift('x', r, c);
    expect(res.wasserstein).toBeCloseTo(200, 9);
    expect(res.wassersteinNormed).toBeCloseTo(200 / Math.sqrt((2000 * 2000 - 1) / 12), 12);
    expect(res.score).toBe(res.wassersteinNormed);
    expect(res.status).toBe('drift');
    const lenient = numericColumnDrift('x', r, c, { threshold: 0.4 });
    expect(lenient.status).toBe('possible_drift'); // 0.32 ≤ 0.346 < 0.4
    const viaKs = numericColumnDrift('x', r, c, { test: 'ks' });
    expect(viaKs.test).toBe('ks');
    expect(viaKs.score).toBe(ksTest(r, c).pValue);
    expect(viaKs.status).toBe('drift'); // D = 0.1, λ = √1000·0.1 = 3.16 → p ≈ 1e-8
  });

  it('result has exactly the documented keys', () => {
    const res: NumericFeatureDrift = numericColumnDrift('x', f64([1, 2]), f64([1, 3]));
    expect(Object.keys(res).sort()).toEqual(
      ['jensenShannon', 'kind', 'ks', 'missing', 'name', 'psi', 'score', 'status', 'test', 'threshold', 'wasserstein', 'wassersteinNormed'].sort(),
    );
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });
});

describe('categoricalColumnDrift', () => {
  const cats = ['a', 'b'];
  it('2×2 hand case: [10, 20] vs [20, 10] → χ² = 6.667, p = 0.00982 → drift', () => {
    // Expected 15 everywhere: χ² = 4·(5²/15) = 6.6667, dof 1, scipy p = 0.009823274507519235.
    const ref = { codes: Int32Array.from([...Array(10).fill(0), ...Array(20).fill(1)]), categories: cats };
    const cur = { codes: Int32Array.from([...Array(20).fill(0), ...Array(10).fill(1)]), categories: cats };
    const res = categoricalColumnDrift('plan', ref, cur);
    expect(res.test).toBe('chiSquare');
    expect(res.chiSquare?.statistic).toBeCloseTo(20 / 3, 13);
    expect(res.chiSquare?.dof).toBe(1);
    expect(res.chiSquare?.pValue).toBeCloseTo(0.009823274507519235, 15);
    expect(res.score).toBe(res.chiSquare?.pValue);
    expect(res.status).toBe('drift');
    // PSI: (2/3 − 1/3)·ln2 + (1/3 − 2/3)·ln(1/2) = (2/3)·ln 2
    expect(res.psi).toBeCloseTo((2 / 3) * Math.LN2, 14);
  });

  it('aligns categories by name across different lists and reports code −1 as missing', () => {
    const ref = { codes: Int32Array.from([0, 0, 1, -1]), categories: ['x', 'y'] };
    const cur = { codes: Int32Array.from([1, 1, 0, 2, -1, -1]), categories: ['y', 'x', 'z'] };
    const res = categoricalColumnDrift('c', ref, cur);
    expect(res.missing).toEqual({ reference: 1, current: 2 });
    // Union: x: 2 vs 1, y: 1 vs 1, z: 0 vs 1 → 3 categories, dof 2.
    expect(res.chiSquare?.dof).toBe(2);
  });

  it('one category on both sides: χ² 0, dof 0, p 1', () => {
    const s = { codes: Int32Array.from([0, 0, 0]), categories: ['only'] };
    const res = categoricalColumnDrift('c', s, s);
    expect(res.chiSquare).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(res.status).toBe('no_drift');
    expect(res.psi).toBe(0);
    expect(res.jensenShannon).toBe(0);
  });

  it('empty side → not_testable; bad codes throw', () => {
    const res = categoricalColumnDrift('c', { codes: Int32Array.from([-1, -1]), categories: cats }, { codes: Int32Array.from([0]), categories: cats });
    expect(res).toMatchObject({ status: 'not_testable', score: null, chiSquare: null, psi: null, jensenShannon: null, missing: { reference: 2, current: 0 } });
    expect(() => categoricalColumnDrift('c', { codes: Int32Array.from([2]), categories: cats }, { codes: Int32Array.from([0]), categories: cats })).toThrow(RangeError);
  });

  it('columnDrift dispatches on kind', () => {
    const res = columnDrift({ name: 'n', kind: 'numeric', reference: [1, 2, 3], current: [2, 3, 4] });
    expect(res.kind).toBe('numeric');
    expect(Object.keys(columnDrift({ name: 'c', kind: 'categorical', reference: { codes: [0], categories: ['a'] }, current: { codes: [0], categories: ['a'] } })).sort()).toEqual(
      ['chiSquare', 'jensenShannon', 'kind', 'missing', 'name', 'psi', 'score', 'status', 'test', 'threshold'].sort(),
    );
  });
});
