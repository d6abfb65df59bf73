/**
 * Two-sample Kolmogorov–Smirnov test with the asymptotic (Kolmogorov limit)
 * p-value: p = Q(√(n·m/(n+m)) · D), Q = scipy.special.kolmogorov.
 *
 * D is exactly scipy.stats.ks_2samp's statistic (ties handled by evaluating
 * both empirical CDFs after all tied values). Note the p-value is the plain
 * Kolmogorov limit, not ks_2samp(method='asymp')'s kstwo.sf(D, round(en)).
 */

import { compareSorted } from './ecdf-compare.js';
import { kolmogorovSurvival } from './kolmogorov.js';
import { sortSample } from './sorted-sample.js';

export interface KsResult {
  /** D = max_x |F_R(x) − F_C(x)|, in [0, 1]. */
  readonly statistic: number;
  /** Asymptotic two-sided p-value Q(√(n·m/(n+m))·D). */
  readonly pValue: number;
}

/** p-value for statistic D between samples of sizes n and m. */
export function ksPValue(statistic: number, n: number, m: number): number {
  return kolmogorovSurvival(Math.sqrt((n * m) / (n + m)) * statistic);
}

/** KS test on two ascending, NaN-free, non-empty samples. */
export function ksTestSorted(a: Float64Array, b: Float64Array): KsResult {
  const { ksStatistic } = compareSorted(a, b);
  return { statistic: ksStatistic, pValue: ksPValue(ksStatistic, a.length, b.length) };
}

/**
 * KS test on raw samples (NaN dropped). Throws RangeError when either side has
 * no non-missing value.
 */
export function ksTest(
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
): KsResult {
  return ksTestSorted(sortSample(reference).values, sortSample(current).values);
}
