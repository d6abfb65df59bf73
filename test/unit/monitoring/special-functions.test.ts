import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chiSquareSurvival,
  kolmogorovCdf,
  kolmogorovSurvival,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../../src/monitoring/domain/stats/index.js';
import { expectRelClose } from './helpers.js';

interface SpecialFixture {
  kolmogorov: { lambda: number; sf: number }[];
  chiSquareSf: { x: number; dof: number; sf: number }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/monitoring/special-functions.json', import.meta.url), 'utf8'),
) as SpecialFixture;

describe('kolmogorovSurvival (scipy.special.kolmogorov)', () => {
  it('matches scipy on the whole grid, both series and the far tail, to 1e-12', () => {
    expect(fixture.kolmogorov.length).toBeGreaterThan(20);
    for (const { lambda, sf } of fixture.kolmogorov) {
      expectRelClose(kolmogorovSurvival(lambda), sf, 1e-12, `Q(${lambda})`);
    }
  });

  it('Q(√115) ≈ 2.59e-100 to 1e-12 of the 40-digit value', () => {
    // mpmath, 40 digits: 2·Σ(−1)^{k−1}·e^{−2k²·115} = 2.5899963850179671848e-100
    // (to double precision this is just 2e^{−230}; scipy gives 2.5899963850180407e-100).
    expectRelClose(kolmogorovSurvival(Math.sqrt(115)), 2.5899963850179671848e-100, 1e-12);
  });

  it('is 1 at and below 0, near 1 for small λ, and complements the CDF', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(-3)).toBe(1);
    expect(kolmogorovSurvival(0.1)).toBe(1); // 1 − K(0.1), K(0.1) ≈ 6.6e-53
    // scipy.special.kolmogorov(0.2) = 0.999999999999495 (1 − 5.05e-13)
    expectRelClose(kolmogorovSurvival(0.2), 0.999999999999495, 1e-15);
    expectRelClose(kolmogorovSurvival(0.5), 0.9639452436648751, 1e-15);
    // The CDF keeps relative precision where Q ≈ 1: K(0.2) = 5.05e-13, not a rounding residue.
    expectRelClose(kolmogorovCdf(0.2), 1 - 0.999999999999495, 1e-3);
    // K(0.1) = √(2π)/0.1 · Σ e^{−(2k−1)²π²/0.08} ≈ 25.07·e^{−123.37} (mpmath: 6.6093052422454707514e-53)
    expectRelClose(kolmogorovCdf(0.1), 6.6093052422454707514e-53, 1e-12);
    for (const l of [0.3, 0.82, 0.83, 1.3]) {
      expect(kolmogorovSurvival(l) + kolmogorovCdf(l)).toBeCloseTo(1, 15);
    }
  });

  it('is continuous across the 0.82 series switch and decreasing', () => {
    const below = kolmogorovSurvival(0.82);
    const above = kolmogorovSurvival(0.82 + 1e-12);
    expect(Math.abs(below - above)).toBeLessThan(1e-11);
    let prev = 1;
    for (let l = 0.05; l < 19; l += 0.05) {
      const q = kolmogorovSurvival(l);
      expect(q).toBeLessThanOrEqual(prev);
      prev = q;
    }
  });

  it('underflows to exactly 0 far out and propagates NaN', () => {
    expect(kolmogorovSurvival(30)).toBe(0);
    expect(kolmogorovSurvival(Number.NaN)).toBeNaN();
  });
});

describe('chi-square survival and incomplete gamma', () => {
  it('matches scipy.stats.chi2.sf on the grid, tails included, to 1e-12', () => {
    for (const { x, dof, sf } of fixture.chiSquareSf) {
      expectRelClose(chiSquareSurvival(x, dof), sf, 1e-12, `chi2.sf(${x}, ${dof})`);
    }
  });

  it('χ²₁ sf at 920 = erfc(√460) ≈ 4.4e-202, to 1e-12 of the 20-digit value', () => {
    // mpmath: erfc(sqrt(460)) = 4.4067020647837110674e-202 (scipy: 4.4067020647838015e-202)
    expectRelClose(chiSquareSurvival(920, 1), 4.4067020647837110674e-202, 1e-12);
  });

  it('stays accurate for very large dof (prefactor without cancelling a·ln x against ln Γ(a))', () => {
    // mpmath gammainc(dof/2, x/2, inf, regularized=True), 50 digits. Forming
    // a·ln x − x − ln Γ(a) naively loses ~1e-10 relative at dof = 1e5.
    expectRelClose(chiSquareSurvival(2600, 2000), 1.8736155715785551242e-18, 1e-12);
    expectRelClose(chiSquareSurvival(22000, 20000), 1.6928531496469327577e-22, 1e-12);
    expectRelClose(chiSquareSurvival(104000, 100000), 5.2709612293974671596e-19, 1e-12);
  });

  it('has closed forms for 2 dof (e^{−x/2}) and Q(1, x) = e^{−x}', () => {
    for (const x of [0.1, 1, 6.5, 100, 1300]) {
      expectRelClose(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-14, `x=${x}`);
      expectRelClose(regularizedGammaQ(1, x), Math.exp(-x), 1e-14, `Q(1, ${x})`);
    }
  });

  it('P + Q = 1, and edge values', () => {
    for (const [a, x] of [
      [0.5, 0.2],
      [3, 2],
      [3, 9],
      [40, 38],
      [250, 300],
    ] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
  });

  it('logGamma matches factorials and half-integers to ~1e-15 absolute', () => {
    // Γ(n) = (n−1)!, Γ(1/2) = √π, Γ(7/2) = 15√π/8. Absolute accuracy is what the
    // incomplete-gamma prefactor e^{a·ln x − x − ln Γ(a)} needs.
    // Near its zeros at 1 and 2 only absolute accuracy is meaningful (the shift to
    // a ≥ 10 subtracts ln 9! ≈ 12.8, leaving ~1e-15 absolute error).
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(5) - Math.log(24))).toBeLessThan(5e-15);
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(5e-15);
    expect(Math.abs(logGamma(3.5) - Math.log((15 * Math.sqrt(Math.PI)) / 8))).toBeLessThan(5e-15);
    expectRelClose(logGamma(21), Math.log(2432902008176640000), 1e-15);
    expectRelClose(logGamma(1000.5), 5908.6741758486774887, 1e-15); // mpmath loggamma(1000.5)
    expect(logGamma(0)).toBeNaN();
  });
});
