/**
 * Reference vs current proportions for charts, over exactly the bins the
 * drift statistics use: the reference's de-duplicated decile edges for
 * numeric columns (bins.ts), the union of observed categories for
 * categorical ones (categorical.ts). Plain arrays, ready for JSON.
 *
 * Numeric: `edges` has k values and the proportions k + 1 (bin 0 is
 * v ≤ edges[0], bin k is v > edges[k − 1]). An empty reference gives no
 * edges and a single bin; an empty side gives all-zero proportions.
 */

import { binCountsSorted, decileEdges, proportions } from './bins.js';
import { alignCategoryCounts, type CategoricalSample } from './categorical.js';
import type { ColumnInput } from './column-drift.js';
import { sortSample } from './sorted-sample.js';

export interface NumericHistogram {
  readonly name: string;
  readonly kind: 'numeric';
  readonly edges: number[];
  readonly reference: number[];
  readonly current: number[];
}

export interface CategoricalHistogram {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: string[];
  readonly reference: number[];
  readonly current: number[];
}

export type FeatureHistogram = NumericHistogram | CategoricalHistogram;

/** Histogram of two ascending, NaN-free samples (either may be empty). */
export function numericHistogramSorted(
  name: string,
  reference: Float64Array,
  current: Float64Array,
): NumericHistogram {
  const edges = reference.length > 0 ? decileEdges(reference) : new Float64Array(0);
  return {
    name,
    kind: 'numeric',
    edges: Array.from(edges),
    reference: Array.from(proportions(binCountsSorted(reference, edges))),
    current: Array.from(proportions(binCountsSorted(current, edges))),
  };
}

export function numericHistogram(
  name: string,
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
): NumericHistogram {
  return numericHistogramSorted(name, sortSample(reference).values, sortSample(current).values);
}

export function categoricalHistogram(
  name: string,
  reference: CategoricalSample,
  current: CategoricalSample,
): CategoricalHistogram {
  const counts = alignCategoryCounts(reference, current);
  return {
    name,
    kind: 'categorical',
    categories: counts.categories,
    reference: Array.from(proportions(counts.reference)),
    current: Array.from(proportions(counts.current)),
  };
}

/** Histogram of one column of either kind. */
export function featureHistogram(column: ColumnInput): FeatureHistogram {
  return column.kind === 'numeric'
    ? numericHistogram(column.name, column.reference, column.current)
    : categoricalHistogram(column.name, column.reference, column.current);
}
