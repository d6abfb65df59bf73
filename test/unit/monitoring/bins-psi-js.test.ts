import { describe, expect, it } from 'vitest';
import {
  binCountsSorted,
  countAtMost,
  decileEdges,
  jensenShannon,
  proportions,
  psi,
  quantileSorted,
} from '../../../src/monitoring/domain/stats/index.js';
import { expectRelClose, f64 } from './helpers.js';

describe('quantiles (numpy linear)', () => {
  it('1..10: h = 9q, interpolating between order statistics', () => {
    const x = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // q=0.1: h=0.9 → 1 + 0.9·1 = 1.9; q=0.5: h=4.5 → 5.5; q=1: max; q=0: min.
    expect(quantileSorted(x, 0.1)).toBeCloseTo(1.9, 15);
    expect(quantileSorted(x, 0.5)).toBe(5.5);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(10);
    // numpy.quantile(arange(1, 11), 0.3) = 3.6999999999999997 (9·0.3 = 2.6999999999999997,
    // γ ≥ 0.5 so b − (b − a)(1 − γ)) — reproduced bit for bit.
    expect(quantileSorted(x, 0.3)).toBe(3.6999999999999997);
    expect(quantileSorted(x, 0.6)).toBe(6.3999999999999995);
  });

  it('uses numpy\'s b − (b − a)(1 − γ) form for γ ≥ 0.5 (differs from a + (b − a)γ in the last bit)', () => {
    // numpy.quantile([-1.25, -0.73, -0.54, -0.32, -0.13, 0.41, 1.04], 0.8) = 0.3020000000000004:
    // h = 6·0.8 = 4.8, γ ≈ 0.8 → 0.41 − 0.54·0.2…; the other form gives 0.30200000000000043.
    const x = f64([-1.25, -0.73, -0.54, -0.32, -0.13, 0.41, 1.04]);
    expect(quantileSorted(x, 0.8)).toBe(0.3020000000000004);
  });

  it('decile edges of 1..10 and the resulting one-per-bin counts', () => {
    const x = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const edges = decileEdges(x);
    expect(Array.from(edges)).toEqual([1.9, 2.8, 3.6999999999999997, 4.6, 5.5, 6.3999999999999995, 7.3, 8.2, 9.1]);
    expect(Array.from(binCountsSorted(x, edges))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('duplicate edges are removed: eight 0s and two 1s → edges [0, 0.2, 1]', () => {
    // h = 9q: q ≤ 0.7 → h ≤ 6.3, both neighbours are 0 → edge 0 (seven times);
    // q = 0.8 → h = 7.2, between x[7]=0 and x[8]=1 → 0.2; q = 0.9 → h = 8.1, both 1 → 1.
    const x = f64([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const edges = decileEdges(x);
    expect(edges.length).toBe(3);
    expect(edges[0]).toBe(0);
    expect(edges[1]).toBeCloseTo(0.2, 14);
    expect(edges[2]).toBe(1);
    // bins: v ≤ 0 | 0 < v ≤ 0.2 | 0.2 < v ≤ 1 | v > 1
    expect(Array.from(binCountsSorted(x, edges))).toEqual([8, 0, 2, 0]);
  });

  it('all-equal reference: one edge, everything in the first bin', () => {
    const x = f64([5, 5, 5]);
    expect(Array.from(decileEdges(x))).toEqual([5]);
    expect(Array.from(binCountsSorted(x, decileEdges(x)))).toEqual([3, 0]);
  });

  it('bin membership is edge[i−1] < v ≤ edge[i]', () => {
    const edges = f64([1, 2]);
    // 0 → bin 0; 1 → bin 0 (≤ 1); 1.5 → bin 1; 2 → bin 1 (≤ 2); 2.5 → bin 2
    expect(Array.from(binCountsSorted(f64([0, 1, 1.5, 2, 2.5]), edges))).toEqual([2, 2, 1]);
    expect(countAtMost(f64([1, 2, 2, 3]), 2)).toBe(3);
    expect(countAtMost(f64([1, 2, 2, 3]), 0)).toBe(0);
  });

  it('rejects empty samples and q outside [0, 1]', () => {
    expect(() => quantileSorted(f64([]), 0.5)).toThrow(RangeError);
    expect(() => quantileSorted(f64([1]), 1.5)).toThrow(RangeError);
  });
});

describe('PSI', () => {
  it('[0.5, 0.5] → [0.25, 0.75]', () => {
    // (0.25−0.5)·ln(0.5) + (0.75−0.5)·ln(1.5) = 0.1732868 + 0.1013663 = 0.2746530721670274
    expectRelClose(psi(f64([0.5, 0.5]), f64([0.25, 0.75])), 0.2746530721670274, 1e-14);
  });

  it('floors empty bins at 0.0001 without renormalizing', () => {
    // r = [1, 0→1e-4], c = [0.5, 0.5]: (−0.5)·ln(0.5) + (0.4999)·ln(5000) = 4.60431846666895
    expectRelClose(psi(f64([1, 0]), f64([0.5, 0.5])), 4.60431846666895, 1e-14);
    expect(psi(f64([0.3, 0.7]), f64([0.3, 0.7]))).toBe(0);
    expect(() => psi(f64([1]), f64([0.5, 0.5]))).toThrow(RangeError);
  });
});

describe('Jensen–Shannon distance (base 2)', () => {
  it('disjoint distributions are at distance 1, identical ones at 0', () => {
    expect(jensenShannon(f64([1, 0]), f64([0, 1]))).toBeCloseTo(1, 15);
    expect(jensenShannon(f64([0.2, 0.8]), f64([0.2, 0.8]))).toBe(0);
  });

  it('[0.5, 0.5] vs [1, 0]', () => {
    // m = [0.75, 0.25]; KL(p‖m) = ½ln(⅔) + ½ln2 = 0.1438410; KL(q‖m) = ln(4/3) = 0.2876821;
    // JSD = (0.1438410 + 0.2876821)/2 / ln2 = 0.3112781 bits; √ = 0.5579230452841438 (scipy).
    expectRelClose(jensenShannon(f64([0.5, 0.5]), f64([1, 0])), 0.5579230452841438, 1e-14);
  });

  it('normalizes counts like scipy and is symmetric', () => {
    expectRelClose(jensenShannon(f64([5, 5]), f64([8, 0])), 0.5579230452841438, 1e-14);
    expect(jensenShannon(f64([1, 2, 3]), f64([3, 2, 1]))).toBe(jensenShannon(f64([3, 2, 1]), f64([1, 2, 3])));
  });

  it('proportions of counts', () => {
    expect(Array.from(proportions(f64([1, 3])))).toEqual([0.25, 0.75]);
    expect(Array.from(proportions(f64([0, 0])))).toEqual([0, 0]);
  });
});
