/**
 * Per-column drift decision.
 *
 * Test choice (Evidently-style defaults), after dropping missing values:
 *   reference ≤ 1000 rows → 'ks' (numeric) / 'chiSquare' (categorical), threshold 0.05
 *   reference  > 1000 rows → 'wasserstein' (numeric, scored by wassersteinNormed)
 *                           / 'jensenShannon' (categorical), threshold 0.1
 * Any column may override `test`, `threshold` and `possibleBand`. Numeric
 * columns accept 'ks' | 'wasserstein' | 'psi' | 'jensenShannon'; categorical
 * columns 'chiSquare' | 'psi' | 'jensenShannon'; anything else throws.
 * Default thresholds when only `test` is given: ks 0.05, chiSquare 0.05,
 * wasserstein 0.1, psi 0.1, jensenShannon 0.1.
 *
 * Three tiers, with t the threshold and b the possible band:
 *   distance tests (wasserstein, psi, jensenShannon) — score is the distance,
 *   larger means more drift:
 *     drift           score ≥ t
 *     possible_drift  t·(1 − b) ≤ score < t
 *     no_drift        score < t·(1 − b)
 *   default b = 0.2 (e.g. jensenShannon 0.08 ≤ score < 0.1 is possible);
 *   0 ≤ b ≤ 1.
 *
 *   p-value tests (ks, chiSquare) — score is the p-value, smaller means
 *   stronger evidence of drift:
 *     drift           p < t
 *     possible_drift  t ≤ p < t·(1 + b)
 *     no_drift        p ≥ t·(1 + b)
 *   default b = 1 (so with t = 0.05, 0.05 ≤ p < 0.10 — the conventional
 *   "marginal" range; a 20% band, 0.05 ≤ p < 0.06, would flag almost
 *   nothing because p-values move on a log scale); b ≥ 0.
 *
 * b = 0 turns the possible tier off. 'possible_drift' does not count as
 * drifted for the dataset share (see dataset-drift.ts).
 *
 * A column with no non-missing value on either side is 'not_testable' with
 * score and all statistics null (never 'no_drift'); the test and threshold
 * that would have applied are still reported. Missing counts (NaN for
 * numeric, code −1 for categorical) are always reported.
 */

import {
  alignCategoryCounts,
  categoricalDriftStats,
  type CategoricalSample,
} from './categorical.js';
import type { ChiSquareResult } from './chi-square.js';
import type { KsResult } from './ks-test.js';
import { numericDriftStatsSorted } from './numeric-stats.js';
import { sortSample } from './sorted-sample.js';

export type DriftTest = 'ks' | 'chiSquare' | 'wasserstein' | 'psi' | 'jensenShannon';
export type DriftTier = 'no_drift' | 'possible_drift' | 'drift';
export type DriftStatus = DriftTier | 'not_testable';
export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnDriftOptions {
  readonly test?: DriftTest;
  readonly threshold?: number;
  readonly possibleBand?: number;
}

export const SMALL_REFERENCE_MAX_ROWS = 1000;
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftTest, number>> = {
  ks: 0.05,
  chiSquare: 0.05,
  wasserstein: 0.1,
  psi: 0.1,
  jensenShannon: 0.1,
};
export const DEFAULT_DISTANCE_BAND = 0.2;
export const DEFAULT_P_VALUE_BAND = 1;

const P_VALUE_TESTS: ReadonlySet<DriftTest> = new Set<DriftTest>(['ks', 'chiSquare']);
const TESTS_FOR: Readonly<Record<ColumnKind, ReadonlySet<DriftTest>>> = {
  numeric: new Set<DriftTest>(['ks', 'wasserstein', 'psi', 'jensenShannon']),
  categorical: new Set<DriftTest>(['chiSquare', 'psi', 'jensenShannon']),
};

export interface MissingCounts {
  readonly reference: number;
  readonly current: number;
}

interface FeatureDriftBase {
  readonly name: string;
  readonly test: DriftTest;
  /** The decisive statistic: the p-value for ks/chiSquare, else the distance. */
  readonly score: number | null;
  readonly threshold: number;
  readonly status: DriftStatus;
  readonly missing: MissingCounts;
}

/**
 * For statistics computed from a profile's bins (not from every value): how far the shown value
 * may be from the exact one, at most. Absent: the values are exact.
 */
export interface DriftBound {
  readonly ks: { readonly statistic: number; readonly pValue: number };
  readonly wasserstein: number;
  readonly wassersteinNormed: number;
}

export interface NumericFeatureDrift extends FeatureDriftBase {
  readonly kind: 'numeric';
  readonly bound?: DriftBound;
  readonly ks: KsResult | null;
  readonly wasserstein: number | null;
  readonly wassersteinNormed: number | null;
  readonly psi: number | null;
  readonly jensenShannon: number | null;
}

export interface CategoricalFeatureDrift extends FeatureDriftBase {
  readonly kind: 'categorical';
  /** From a profile: values of categories past its cap, pooled as one category (then the statistics are not exact). */
  readonly pooled?: number;
  readonly chiSquare: ChiSquareResult | null;
  readonly psi: number | null;
  readonly jensenShannon: number | null;
}

export type FeatureDrift = NumericFeatureDrift | CategoricalFeatureDrift;

export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** NaN = missing. */
  readonly reference: Float64Array | ArrayLike<number>;
  readonly current: Float64Array | ArrayLike<number>;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly reference: CategoricalSample;
  readonly current: CategoricalSample;
}

export type ColumnInput = NumericColumn | CategoricalColumn;

export interface ResolvedDecision {
  readonly test: DriftTest;
  readonly threshold: number;
  readonly possibleBand: number;
}

/** Test, threshold and band for a column, validating the options. */
export function resolveDecision(
  name: string,
  kind: ColumnKind,
  referenceRows: number,
  options: ColumnDriftOptions = {},
): ResolvedDecision {
  const small = referenceRows <= SMALL_REFERENCE_MAX_ROWS;
  const defaultTest: DriftTest =
    kind === 'numeric' ? (small ? 'ks' : 'wasserstein') : small ? 'chiSquare' : 'jensenShannon';
  const test = options.test ?? defaultTest;
  if (!TESTS_FOR[kind].has(test)) {
    throw new RangeError(`column '${name}': test '${test}' does not apply to ${kind} columns`);
  }
  const isP = P_VALUE_TESTS.has(test);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const possibleBand = options.possibleBand ?? (isP ? DEFAULT_P_VALUE_BAND : DEFAULT_DISTANCE_BAND);
  if (!(threshold > 0 && Number.isFinite(threshold)) || (isP && threshold > 1)) {
    throw new RangeError(`column '${name}': invalid threshold ${threshold} for '${test}'`);
  }
  if (!(possibleBand >= 0 && Number.isFinite(possibleBand)) || (!isP && possibleBand > 1)) {
    throw new RangeError(`column '${name}': invalid possibleBand ${possibleBand} for '${test}'`);
  }
  return { test, threshold, possibleBand };
}

/** The tier for a score under a test's threshold and band (see the top of this file). */
export function classifyDrift(
  test: DriftTest,
  score: number,
  threshold: number,
  possibleBand: number,
): DriftTier {
  if (P_VALUE_TESTS.has(test)) {
    if (score < threshold) return 'drift';
    return score < threshold + threshold * possibleBand ? 'possible_drift' : 'no_drift';
  }
  if (score >= threshold) return 'drift';
  // t − t·b rather than t·(1 − b): 0.1·(1 − 0.2) rounds to 0.08000000000000002.
  return score >= threshold - threshold * possibleBand ? 'possible_drift' : 'no_drift';
}

/** Drift of one numeric column (NaN = missing). */
export function numericColumnDrift(
  name: string,
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
  options?: ColumnDriftOptions,
): NumericFeatureDrift {
  const r = sortSample(reference);
  const c = sortSample(current);
  const decision = resolveDecision(name, 'numeric', r.values.length, options);
  const base = {
    name,
    kind: 'numeric' as const,
    test: decision.test,
    threshold: decision.threshold,
    missing: { reference: r.missing, current: c.missing },
  };
  if (r.values.length === 0 || c.values.length === 0) {
    return {
      ...base,
      score: null,
      status: 'not_testable',
      ks: null,
      wasserstein: null,
      wassersteinNormed: null,
      psi: null,
      jensenShannon: null,
    };
  }
  const s = numericDriftStatsSorted(r.values, c.values);
  const scores: Record<DriftTest, number> = {
    ks: s.ks.pValue,
    chiSquare: Number.NaN,
    wasserstein: s.wassersteinNormed,
    psi: s.psi,
    jensenShannon: s.jensenShannon,
  };
  const score = scores[decision.test];
  return {
    ...base,
    score,
    status: classifyDrift(decision.test, score, decision.threshold, decision.possibleBand),
    ks: s.ks,
    wasserstein: s.wasserstein,
    wassersteinNormed: s.wassersteinNormed,
    psi: s.psi,
    jensenShannon: s.jensenShannon,
  };
}

/** Drift of one categorical column (code −1 = missing). */
export function categoricalColumnDrift(
  name: string,
  reference: CategoricalSample,
  current: CategoricalSample,
  options?: ColumnDriftOptions,
): CategoricalFeatureDrift {
  const counts = alignCategoryCounts(reference, current);
  const referenceRows = reference.codes.length - counts.missing.reference;
  const currentRows = current.codes.length - counts.missing.current;
  const decision = resolveDecision(name, 'categorical', referenceRows, options);
  const base = {
    name,
    kind: 'categorical' as const,
    test: decision.test,
    threshold: decision.threshold,
    missing: counts.missing,
  };
  if (referenceRows === 0 || currentRows === 0) {
    return { ...base, score: null, status: 'not_testable', chiSquare: null, psi: null, jensenShannon: null };
  }
  const s = categoricalDriftStats(counts);
  const score =
    decision.test === 'chiSquare' ? s.chiSquare.pValue : decision.test === 'psi' ? s.psi : s.jensenShannon;
  return {
    ...base,
    score,
    status: classifyDrift(decision.test, score, decision.threshold, decision.possibleBand),
    chiSquare: s.chiSquare,
    psi: s.psi,
    jensenShannon: s.jensenShannon,
  };
}

/** Drift of one column of either kind. */
export function columnDrift(column: ColumnInput, options?: ColumnDriftOptions): FeatureDrift {
  return column.kind === 'numeric'
    ? numericColumnDrift(column.name, column.reference, column.current, options)
    : categoricalColumnDrift(column.name, column.reference, column.current, options);
}
