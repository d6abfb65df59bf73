/**
 * Decile bins shared by PSI and Jensen–Shannon on numeric columns.
 *
 * Inner edges: the reference's 10%, 20%, …, 90% quantiles (numpy's linear
 * method), sorted and de-duplicated (as numpy.unique). With k edges e_0 < … <
 * e_{k−1} there are k + 1 bins; v falls in bin i when e_{i−1} < v ≤ e_i, the
 * outer bins unbounded (bin 0: v ≤ e_0, bin k: v > e_{k−1}) — i.e.
 * numpy.searchsorted(edges, v, side='left').
 */

import { quantilesSorted } from './quantile.js';

export const DECILE_PROBABILITIES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** De-duplicated decile edges of an ascending, NaN-free, non-empty reference. */
export function decileEdges(sortedReference: Float64Array | ArrayLike<number>): Float64Array {
  const q = quantilesSorted(sortedReference, DECILE_PROBABILITIES).sort();
  let k = 0;
  for (let i = 0; i < q.length; i++) {
    // `+ 0` turns −0 into +0: which zero a quantile lands on depends on how
    // the sort ordered tied ±0 values, and they are the same edge.
    if (k === 0 || q[i]! !== q[k - 1]!) q[k++] = q[i]! + 0;
  }
  return q.slice(0, k);
}

/** Number of elements ≤ x in an ascending array (searchsorted side='right'). */
export function countAtMost(sorted: Float64Array | ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bin counts (length edges.length + 1) of an ascending, NaN-free sample, by binary search. */
export function binCountsSorted(
  sorted: Float64Array | ArrayLike<number>,
  edges: Float64Array | ArrayLike<number>,
): Float64Array {
  const k = edges.length;
  const counts = new Float64Array(k + 1);
  let below = 0;
  for (let i = 0; i < k; i++) {
    const c = countAtMost(sorted, edges[i]!);
    counts[i] = c - below;
    below = c;
  }
  counts[k] = sorted.length - below;
  return counts;
}

/** Counts divided by their total (all zeros stay zeros for an empty total). */
export function proportions(counts: Float64Array | ArrayLike<number>): Float64Array {
  const out = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (total === 0) return out;
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / total;
  return out;
}
