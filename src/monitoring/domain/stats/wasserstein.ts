/**
 * Wasserstein-1 (earth mover's) distance between two empirical distributions,
 * identical to scipy.stats.wasserstein_distance(R, C), and the scale-free
 * variant used for drift decisions:
 *   wassersteinNormed = W1 / max(σ_R, 0.001), σ_R the population std of R.
 */

import { compareSorted } from './ecdf-compare.js';
import { populationStd } from './population-std.js';
import { sortSample } from './sorted-sample.js';

/** Floor on the reference std so constant reference columns stay finite. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/** W1 between two ascending, NaN-free, non-empty samples. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  return compareSorted(a, b).wasserstein;
}

/** W1 between raw samples (NaN dropped); RangeError if a side is empty. */
export function wasserstein(
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
): number {
  return wassersteinSorted(sortSample(reference).values, sortSample(current).values);
}

/** W1 / max(referenceStd, 0.001). */
export function normalizeWasserstein(w1: number, referenceStd: number): number {
  return w1 / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR);
}

/** wassersteinNormed for raw samples (NaN dropped); RangeError if a side is empty. */
export function wassersteinNormed(
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
): number {
  const r = sortSample(reference).values;
  return normalizeWasserstein(wassersteinSorted(r, sortSample(current).values), populationStd(r));
}
