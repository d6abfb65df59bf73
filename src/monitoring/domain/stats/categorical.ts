/**
 * Categorical samples as integer codes into a category list (code −1 =
 * missing), aligned by category name over the union of both sides, and the
 * categorical drift statistics: chi-square homogeneity test, PSI and
 * Jensen–Shannon distance (base 2) over the category proportions.
 *
 * Only categories observed on at least one side take part (a declared but
 * never-seen category carries no information and would give the chi-square
 * test a zero expected count). Union order: reference categories in their
 * list order, then current-only categories in theirs.
 */

import { proportions } from './bins.js';
import { chiSquareHomogeneity, type ChiSquareResult } from './chi-square.js';
import { jensenShannon } from './jensen-shannon.js';
import { psi } from './psi.js';

export interface CategoricalSample {
  /** One code per row: an index into `categories`, or −1 for missing. */
  readonly codes: Int32Array | ArrayLike<number>;
  readonly categories: readonly string[];
}

export interface AlignedCategoryCounts {
  readonly categories: string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
  /** Rows with code −1 on each side. */
  readonly missing: { readonly reference: number; readonly current: number };
}

export interface CategoricalDriftStats {
  readonly chiSquare: ChiSquareResult;
  readonly psi: number;
  readonly jensenShannon: number;
}

function countCodes(sample: CategoricalSample, side: string): { counts: Float64Array; missing: number } {
  const k = sample.categories.length;
  const counts = new Float64Array(k);
  const codes = sample.codes;
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && c < k && (c | 0) === c) counts[c]!++;
    else if (c === -1) missing++;
    else throw new RangeError(`${side} code ${c} at row ${i} is outside [-1, ${k - 1}]`);
  }
  return { counts, missing };
}

/** Counts per category over the union of both sides' observed categories. */
export function alignCategoryCounts(
  reference: CategoricalSample,
  current: CategoricalSample,
): AlignedCategoryCounts {
  const r = countCodes(reference, 'reference');
  const c = countCodes(current, 'current');
  const index = new Map<string, number>();
  const categories: string[] = [];
  const refOut: number[] = [];
  const curOut: number[] = [];
  const add = (name: string, count: number, into: number[], other: number[]): void => {
    if (count === 0) return;
    let at = index.get(name);
    if (at === undefined) {
      at = categories.length;
      index.set(name, at);
      categories.push(name);
      into.push(0);
      other.push(0);
    }
    into[at]! += count;
  };
  reference.categories.forEach((name, i) => add(name, r.counts[i]!, refOut, curOut));
  current.categories.forEach((name, i) => add(name, c.counts[i]!, curOut, refOut));
  return {
    categories,
    reference: Float64Array.from(refOut),
    current: Float64Array.from(curOut),
    missing: { reference: r.missing, current: c.missing },
  };
}

/** Chi-square, PSI and JS for aligned counts; RangeError if a side has no rows. */
export function categoricalDriftStats(counts: AlignedCategoryCounts): CategoricalDriftStats {
  const chiSquare = chiSquareHomogeneity(counts.reference, counts.current);
  const r = proportions(counts.reference);
  const c = proportions(counts.current);
  return { chiSquare, psi: psi(r, c), jensenShannon: jensenShannon(r, c) };
}
