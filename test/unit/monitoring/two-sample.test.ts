import { describe, expect, it } from 'vitest';
import {
  compareSorted,
  kolmogorovSurvival,
  ksPValue,
  ksTest,
  ksTestSorted,
  normalizeWasserstein,
  populationStd,
  wasserstein,
  wassersteinNormed,
} from '../../../src/monitoring/domain/stats/index.js';
import { expectRelClose, f64 } from './helpers.js';

describe('KS statistic and p-value', () => {
  it('R=[1,2,3], C=[2,3,4]: D = 1/3, p = Q(√(3·3/6)/3)', () => {
    // F_R at 1,2,3,4: 1/3, 2/3, 1, 1;  F_C: 0, 1/3, 2/3, 1  → |diff| = 1/3, 1/3, 1/3, 0.
    // λ = √(9/6)·(1/3) = 0.40825; scipy.special.kolmogorov(λ) = 0.9962551923793987.
    const r = ksTest(f64([1, 2, 3]), f64([2, 3, 4]));
    expect(r.statistic).toBeCloseTo(1 / 3, 15);
    // scipy's ks_2samp rounds the maximum as 1 − 2/3 = 0.33333333333333337 (the largest
    // of the tied maxima), and so do we.
    expect(r.statistic).toBe(0.33333333333333337);
    expectRelClose(r.pValue, 0.9962551923793987, 1e-14);
  });

  it('ties: evaluates after all tied values on both sides', () => {
    // R=[1,1,2,2], C=[1,2,2,2]. After x=1: F_R=2/4, F_C=1/4 → 1/4; after x=2: 1, 1 → 0.
    // So D = 1/4. (Stepping through R's two 1s before C's 1 would wrongly give 1/2.)
    expect(ksTest(f64([1, 1, 2, 2]), f64([1, 2, 2, 2])).statistic).toBe(0.25);
    expect(ksTest(f64([2, 1, 2, 1]), f64([2, 2, 1, 2])).statistic).toBe(0.25); // unsorted input
  });

  it('identical and all-equal samples: D = 0, p = 1', () => {
    expect(ksTest(f64([5, 5, 5]), f64([5, 5]))).toEqual({ statistic: 0, pValue: 1 });
    expect(ksTest(f64([3, 1, 2]), f64([1, 2, 3]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('disjoint samples of 230 each: D = 1, λ = √115, p ≈ 2.59e-100', () => {
    // Every reference value is below every current value, so D = 1 and
    // λ = √(230·230/460) = √115 = 10.72. Q(√115) = 2.5899963850179671848e-100 (mpmath).
    const r = new Float64Array(230).map((_, i) => i);
    const c = new Float64Array(230).map((_, i) => 1000 + i);
    const res = ksTest(r, c);
    expect(res.statistic).toBe(1);
    expectRelClose(res.pValue, 2.5899963850179671848e-100, 1e-12);
    expectRelClose(res.pValue, 2.5899963850180407e-100, 1e-6); // scipy.special.kolmogorov(sqrt(115))
  });

  it('ksPValue uses √(n·m/(n+m))·D', () => {
    expect(ksPValue(0.1, 100, 300)).toBe(kolmogorovSurvival(Math.sqrt(75) * 0.1));
  });

  it('drops NaN, rejects empty samples', () => {
    expect(ksTest(f64([1, Number.NaN, 2, 3]), f64([Number.NaN, 2, 3, 4])).statistic).toBeCloseTo(1 / 3, 15);
    expect(() => ksTest(f64([Number.NaN]), f64([1]))).toThrow(RangeError);
    expect(() => ksTestSorted(f64([]), f64([1]))).toThrow(RangeError);
  });

  it('±Infinity are ordinary values for D', () => {
    // F_R at −∞,1,2,∞: 1/3, 2/3, 1, 1; F_C: 0, 1/3, 2/3, 1 → D = 1/3.
    expect(ksTest(f64([-Infinity, 1, 2]), f64([1, 2, Infinity])).statistic).toBeCloseTo(1 / 3, 15);
  });

  it('is symmetric in its arguments', () => {
    const a = f64([0.3, 1.7, 2.2, 2.2, 5, 8.1]);
    const b = f64([1.1, 2.2, 2.9, 3, 3, 4.4, 9]);
    expect(ksTest(a, b)).toEqual(ksTest(b, a));
  });
});

describe('Wasserstein-1', () => {
  it('R=[1,2,3], C=[2,3,4] (a shift by 1): W1 = 1', () => {
    // |F_R − F_C| = 1/3 on [1,2), [2,3), [3,4) → 3 · (1/3 · 1) = 1.
    expect(wasserstein(f64([1, 2, 3]), f64([2, 3, 4]))).toBeCloseTo(1, 15);
  });

  it('ties: R=[1,1,2,2], C=[1,2,2,2] → |1/2 − 1/4| on [1,2) = 0.25', () => {
    expect(wasserstein(f64([1, 1, 2, 2]), f64([1, 2, 2, 2]))).toBeCloseTo(0.25, 15);
  });

  it('unequal sizes: R=[0,10], C=[4] → ∫|F_R−F_C| = 4·½ + 6·½ = 5', () => {
    // F_R = ½ on [0,10), F_C = 0 on [0,4) and 1 on [4,10): |diff| = ½ throughout.
    expect(wasserstein(f64([0, 10]), f64([4]))).toBeCloseTo(5, 14);
  });

  it('normed by the population std of R, floored at 0.001', () => {
    // σ_R of [1,2,3] = √(2/3) → 1/√(2/3) = 1.224744871391589
    expect(wassersteinNormed(f64([1, 2, 3]), f64([2, 3, 4]))).toBeCloseTo(Math.sqrt(1.5), 14);
    // Constant reference: σ = 0 → divide by 0.001. R=[5,5,5,5], C=[6,6]: W1 = 1 → 1000.
    expect(wassersteinNormed(f64([5, 5, 5, 5]), f64([6, 6]))).toBeCloseTo(1000, 10);
    expect(normalizeWasserstein(0.5, 0.0001)).toBe(500);
  });

  it('populationStd is numpy.std (ddof=0), robust to a large offset', () => {
    expect(populationStd(f64([2, 4, 4, 4, 5, 5, 7, 9]))).toBe(2);
    expect(populationStd(f64([1e9 + 2, 1e9 + 4, 1e9 + 4, 1e9 + 4, 1e9 + 5, 1e9 + 5, 1e9 + 7, 1e9 + 9]))).toBe(2);
    expect(populationStd(f64([3]))).toBe(0);
    expect(populationStd(f64([]))).toBeNaN();
  });

  it('one merge walk gives KS and W1 together, and a large walk stays exact', () => {
    // R = 0..n−1, C = R + 0.5: F_R − F_C = 1/n on every [k, k+0.5) → W1 = n · (1/n · 0.5) = 0.5.
    const n = 100_000;
    const r = new Float64Array(n).map((_, i) => i);
    const c = new Float64Array(n).map((_, i) => i + 0.5);
    const out = compareSorted(r, c);
    expect(out.wasserstein).toBeCloseTo(0.5, 12);
    expect(out.ksStatistic).toBeCloseTo(1 / n, 15);
  });
});
