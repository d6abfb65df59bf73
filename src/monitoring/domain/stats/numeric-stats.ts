/**
 * All numeric drift statistics from the two sorted samples, sharing the sort:
 * one merge-walk (KS D and W1), one pass for the reference std, nine O(1)
 * quantiles for the bin edges, and binary searches for the bin counts.
 */

import { binCountsSorted, decileEdges, proportions } from './bins.js';
import { compareSorted } from './ecdf-compare.js';
import { jensenShannon } from './jensen-shannon.js';
import { ksPValue, type KsResult } from './ks-test.js';
import { populationStd } from './population-std.js';
import { psi } from './psi.js';
import { normalizeWasserstein } from './wasserstein.js';

export interface NumericDriftStats {
  readonly ks: KsResult;
  readonly wasserstein: number;
  readonly wassersteinNormed: number;
  readonly psi: number;
  readonly jensenShannon: number;
  /** Population standard deviation of the reference. */
  readonly referenceStd: number;
  /** De-duplicated decile edges of the reference (see bins.ts). */
  readonly edges: Float64Array;
  readonly referenceCounts: Float64Array;
  readonly currentCounts: Float64Array;
}

/** Statistics for two ascending, NaN-free, non-empty samples (RangeError if empty). */
export function numericDriftStatsSorted(
  reference: Float64Array,
  current: Float64Array,
): NumericDriftStats {
  const { ksStatistic, wasserstein } = compareSorted(reference, current);
  const referenceStd = populationStd(reference);
  const edges = decileEdges(reference);
  const referenceCounts = binCountsSorted(reference, edges);
  const currentCounts = binCountsSorted(current, edges);
  const r = proportions(referenceCounts);
  const c = proportions(currentCounts);
  return {
    ks: { statistic: ksStatistic, pValue: ksPValue(ksStatistic, reference.length, current.length) },
    wasserstein,
    wassersteinNormed: normalizeWasserstein(wasserstein, referenceStd),
    psi: psi(r, c),
    jensenShannon: jensenShannon(r, c),
    referenceStd,
    edges,
    referenceCounts,
    currentCounts,
  };
}
