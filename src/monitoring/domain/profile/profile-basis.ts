import { decileEdges } from '../stats/bins.js';
import { quantileSorted } from '../stats/quantile.js';
import { sortSample } from '../stats/sorted-sample.js';
import type { ReferenceColumn } from '../monitoring-store.js';
import type { LabelEncoding } from './label-encoding.js';

/**
 * What a profile's counts mean: the features it profiles (the reference's columns, with their
 * kinds), the bin edges of each numeric feature, and how labels and predictions are read as 0/1.
 * Profiles can only be merged, and compared with a reference, on the same basis.
 *
 * Numeric edges, from the reference's non-missing values, sorted and de-duplicated:
 *   - its 1/1000, 2/1000, …, 999/1000 quantiles, fine enough that KS and Wasserstein computed from
 *     the bins are within a small stated bound of the exact values;
 *   - its decile edges (bins.ts) exactly, so the decile bins PSI and Jensen–Shannon use are unions
 *     of profile bins and those two are exact;
 *   - its minimum and maximum, and 24 edges on each side spaced 2^k·(range/64) beyond them, so
 *     values outside the reference's range are still placed to within a factor of two;
 *   - for every edge the reference holds more than once (tied values: counts, rounded amounts),
 *     the float just below it, so the bin (below, edge] holds exactly the values equal to it and
 *     a tie in the current data is known to sit on the edge, not somewhere inside a bin.
 * A bin i holds the values v with edges[i−1] < v ≤ edges[i] (bin 0: v ≤ edges[0]; the last bin:
 * v > the last edge), as numpy.searchsorted(edges, v, side='left').
 */

export const FINE_QUANTILES = 1000;
/**
 * What a profile counts, as part of its basis: profiles written before quality counts existed (p1)
 * are rebuilt from their rows, never merged with ones that have them.
 */
export const PROFILE_CONTENT = 'p2';
const OUTER_EDGES = 24;

export type BasisFeature =
  | { readonly name: string; readonly kind: 'numeric'; readonly edges: Float64Array }
  | { readonly name: string; readonly kind: 'categorical' };

export interface ProfileBasis {
  /** Names the reference and the encoding: equal ids, equal bins. */
  readonly id: string;
  readonly features: readonly BasisFeature[];
  readonly encoding: LabelEncoding;
}

/** The basis id for a reference (its sha256, or null for a version without one) and an encoding. */
export function basisId(referenceSha256: string | null, encoding: LabelEncoding): string {
  const enc = `${encoding.positiveLabel === undefined ? '' : JSON.stringify(encoding.positiveLabel)};${encoding.scoreThreshold ?? ''}`;
  return `${referenceSha256 ? referenceSha256.slice(0, 24) : 'none'}/q${FINE_QUANTILES}/${enc}/${PROFILE_CONTENT}`;
}

/** Fine edges of a sorted, NaN-free, non-empty reference column (see the top of this file). */
export function fineEdges(sorted: Float64Array): Float64Array {
  const n = sorted.length;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const out: number[] = [min, max, ...decileEdges(sorted)];
  for (let i = 1; i < FINE_QUANTILES; i++) out.push(quantileSorted(sorted, i / FINE_QUANTILES));
  const range = max - min;
  const step = range > 0 ? range / 64 : Math.max(Math.abs(max), 1) / 64;
  for (let k = 0; k < OUTER_EDGES; k++) {
    const d = step * 2 ** k;
    out.push(min - d, max + d);
  }
  const unique = dedupe(Float64Array.from(out.filter((v) => Number.isFinite(v)).map((v) => v + 0)).sort());
  const atoms: number[] = [];
  for (const e of unique) {
    const i = binOf(sorted, e);
    if (i + 1 < n && sorted[i] === e && sorted[i + 1] === e) atoms.push(nextDown(e));
  }
  return atoms.length ? dedupe(Float64Array.from([...unique, ...atoms]).sort()) : unique;
}

function dedupe(edges: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < edges.length; i++) if (k === 0 || edges[i]! !== edges[k - 1]!) edges[k++] = edges[i]!;
  return edges.slice(0, k);
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The largest double below x (x finite). */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  i64[0] = x > 0 ? i64[0]! - 1n : i64[0]! + 1n;
  return f64[0]!;
}

/** The basis of a version's reference columns (null: no reference — only labels are profiled). */
export function profileBasis(referenceSha256: string | null, columns: readonly ReferenceColumn[], encoding: LabelEncoding): ProfileBasis {
  const features = columns.map((c): BasisFeature => {
    if (c.kind === 'categorical') return { name: c.name, kind: 'categorical' };
    const sorted = sortSample(c.values).values;
    return { name: c.name, kind: 'numeric', edges: sorted.length ? fineEdges(sorted) : new Float64Array(0) };
  });
  return { id: basisId(referenceSha256, encoding), features, encoding };
}

/** Index of the bin holding v: the number of edges < v (binary search; any ascending array). */
export function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
