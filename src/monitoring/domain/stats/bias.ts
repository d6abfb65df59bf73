/**
 * Group fairness metrics for binary classification, per sensitive attribute
 * (Fairlearn's "between_groups" definitions).
 *
 * Per group g: count, selectionRate = P(ŷ=1), tpr = P(ŷ=1 | y=1),
 * fpr = P(ŷ=1 | y=0), accuracy = P(ŷ=y). Across the groups of one attribute:
 *   demographicParityDifference = max − min selectionRate, …Ratio = min/max
 *   equalOpportunityDifference  = max − min tpr,           …Ratio = min/max
 *   equalizedOddsDifference = max(tpr difference, fpr difference)
 *   equalizedOddsRatio      = min(tpr ratio, fpr ratio)
 *   fourFifthsFlag = demographicParityRatio < 0.8 — a screening heuristic
 *   borrowed from US employment practice, not a verdict of (un)fairness.
 *
 * Undefined cases (reported, never silently zero):
 *   - a group without positives (y=1) has tpr null and is left out of the
 *     tpr-based metrics; a group without negatives, fpr null, likewise;
 *     a listed group with no rows has every rate null and takes no part;
 *   - a ratio whose max is 0 (every rate 0, so 0/0) is null; a
 *     difference or ratio with no defined rate at all is null;
 *   - equalizedOdds* use whichever of the tpr/fpr parts is defined;
 *   - fourFifthsFlag is false when the ratio is null.
 * Each such case adds a human-readable entry to `notes`.
 * Note: Fairlearn itself reports tpr = 0 (sklearn's zero_division) for a
 * group without positives and keeps it in the metrics.
 *
 * Inputs: labels/predictions as Uint8Array/Int8Array (or any array) of 0/1;
 * with `positiveLabel` set, a value equal to it (===) is positive and any
 * other non-missing value negative. null/undefined/NaN mark a missing row,
 * skipped for every attribute. Groups: Int32Array codes into a name list,
 * −1 = missing (row skipped for that attribute).
 */

import { counted } from '../../../core/format.js';

export type BinaryValues = Uint8Array | Int8Array | ArrayLike<number | string | boolean | null | undefined>;

export interface SensitiveAttribute {
  readonly attribute: string;
  /** One code per row into `groups`; −1 = missing. */
  readonly codes: Int32Array | ArrayLike<number>;
  readonly groups: readonly string[];
}

export interface BiasOptions {
  /** The label value meaning "positive"; default 1 (then values must be 0/1 or booleans). */
  readonly positiveLabel?: number | string | boolean;
  /** Demographic-parity ratio below which fourFifthsFlag is set; default 0.8. */
  readonly fourFifthsThreshold?: number;
}

export interface GroupRates {
  readonly attribute: string;
  readonly group: string;
  readonly count: number;
  readonly selectionRate: number | null;
  readonly tpr: number | null;
  readonly fpr: number | null;
  readonly accuracy: number | null;
}

export interface AttributeBias {
  readonly attribute: string;
  readonly groups: GroupRates[];
  readonly demographicParityDifference: number | null;
  readonly demographicParityRatio: number | null;
  readonly equalOpportunityDifference: number | null;
  readonly equalOpportunityRatio: number | null;
  readonly equalizedOddsDifference: number | null;
  readonly equalizedOddsRatio: number | null;
  readonly fourFifthsFlag: boolean;
  readonly notes: string[];
}

export interface BiasReport {
  readonly attributes: AttributeBias[];
}

const MISSING = 255;

/** 0/1 per row, 255 for missing. */
export function encodeBinary(
  values: BinaryValues,
  what: string,
  positiveLabel?: number | string | boolean,
): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) out[i] = MISSING;
    else if (positiveLabel !== undefined) out[i] = v === positiveLabel ? 1 : 0;
    else if (v === 1 || v === true) out[i] = 1;
    else if (v === 0 || v === false) out[i] = 0;
    else throw new RangeError(`${what}[${i}] = ${String(v)} is not 0/1; set positiveLabel for other labels`);
  }
  return out;
}

interface Spread {
  readonly difference: number | null;
  readonly ratio: number | null;
}

function spread(values: ReadonlyArray<number | null>): Spread {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === -Infinity) return { difference: null, ratio: null };
  return { difference: max - min, ratio: max === 0 ? null : min / max };
}

function worst(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return pick(a, b);
}

function attributeFromEncoded(
  y: Uint8Array,
  yhat: Uint8Array,
  sensitive: SensitiveAttribute,
  threshold: number,
): AttributeBias {
  const { attribute, codes, groups } = sensitive;
  if (codes.length !== y.length) {
    throw new RangeError(`attribute '${attribute}': ${codes.length} codes for ${y.length} rows`);
  }
  const k = groups.length;
  // Per group: [tp, fp, fn, tn].
  const cells = new Float64Array(4 * k);
  let missingGroup = 0;
  let missingLabel = 0;
  for (let i = 0; i < y.length; i++) {
    const g = codes[i]!;
    const t = y[i]!;
    const p = yhat[i]!;
    if (t === MISSING || p === MISSING) {
      missingLabel++;
      continue;
    }
    if (g === -1) {
      missingGroup++;
      continue;
    }
    if (!(g >= 0 && g < k && (g | 0) === g)) {
      throw new RangeError(`attribute '${attribute}': code ${g} at row ${i} is outside [-1, ${k - 1}]`);
    }
    cells[4 * g + (t === 1 ? (p === 1 ? 0 : 2) : p === 1 ? 1 : 3)]!++;
  }

  return attributeFromCells(attribute, groups, cells, missingLabel, missingGroup, threshold);
}

/**
 * The metrics of one attribute from its counts: per group g the cells [tp, fp, fn, tn] at
 * cells[4g…4g+3]; rows skipped for a missing label or prediction, and for a missing group.
 * The same code serves raw rows and profiles, so both give the same numbers and notes.
 */
export function attributeFromCells(
  attribute: string,
  groups: readonly string[],
  cells: Float64Array,
  missingLabel: number,
  missingGroup: number,
  threshold = 0.8,
): AttributeBias {
  const k = groups.length;
  const notes: string[] = [];
  if (missingLabel > 0) notes.push(`${counted(missingLabel, 'row')} with a missing label or prediction ${missingLabel === 1 ? 'was' : 'were'} skipped`);
  if (missingGroup > 0) notes.push(`${counted(missingGroup, 'row')} with no '${attribute}' value ${missingGroup === 1 ? 'was' : 'were'} skipped`);
  const rates: GroupRates[] = [];
  for (let g = 0; g < k; g++) {
    const tp = cells[4 * g]!;
    const fp = cells[4 * g + 1]!;
    const fn = cells[4 * g + 2]!;
    const tn = cells[4 * g + 3]!;
    const count = tp + fp + fn + tn;
    const group = groups[g]!;
    if (count === 0) {
      notes.push(`group '${group}' has no rows and takes no part in the metrics`);
    } else {
      if (tp + fn === 0) {
        notes.push(`group '${group}' has no positives (y=1): tpr is null and excluded from tpr-based metrics`);
      }
      if (fp + tn === 0) {
        notes.push(`group '${group}' has no negatives (y=0): fpr is null and excluded from fpr-based metrics`);
      }
    }
    rates.push({
      attribute,
      group,
      count,
      selectionRate: count === 0 ? null : (tp + fp) / count,
      tpr: tp + fn === 0 ? null : tp / (tp + fn),
      fpr: fp + tn === 0 ? null : fp / (fp + tn),
      accuracy: count === 0 ? null : (tp + tn) / count,
    });
  }

  const dp = spread(rates.map((r) => r.selectionRate));
  const tpr = spread(rates.map((r) => r.tpr));
  const fpr = spread(rates.map((r) => r.fpr));
  const describe = (s: Spread, what: string): void => {
    if (s.difference === null) {
      notes.push(`no group has a defined ${what}: its difference and ratio are null`);
    }
    else if (s.ratio === null) notes.push(`every group's ${what} is 0: its ratio (0/0) is null`);
  };
  describe(dp, 'selection rate');
  describe(tpr, 'tpr');
  describe(fpr, 'fpr');
  if (rates.filter((r) => r.count > 0).length < 2) {
    notes.push('fewer than two groups with rows: nothing to compare');
  }

  return {
    attribute,
    groups: rates,
    demographicParityDifference: dp.difference,
    demographicParityRatio: dp.ratio,
    equalOpportunityDifference: tpr.difference,
    equalOpportunityRatio: tpr.ratio,
    equalizedOddsDifference: worst(tpr.difference, fpr.difference, Math.max),
    equalizedOddsRatio: worst(tpr.ratio, fpr.ratio, Math.min),
    fourFifthsFlag: dp.ratio !== null && dp.ratio < threshold,
    notes,
  };
}

/** Fairness metrics for several sensitive attributes over the same rows. */
export function biasReport(
  labels: BinaryValues,
  predictions: BinaryValues,
  attributes: readonly SensitiveAttribute[],
  options: BiasOptions = {},
): BiasReport {
  if (labels.length !== predictions.length) {
    throw new RangeError(`biasReport: ${labels.length} labels vs ${predictions.length} predictions`);
  }
  const threshold = options.fourFifthsThreshold ?? 0.8;
  const y = encodeBinary(labels, 'labels', options.positiveLabel);
  const yhat = encodeBinary(predictions, 'predictions', options.positiveLabel);
  return { attributes: attributes.map((a) => attributeFromEncoded(y, yhat, a, threshold)) };
}

/** Fairness metrics for one sensitive attribute. */
export function attributeBias(
  labels: BinaryValues,
  predictions: BinaryValues,
  attribute: SensitiveAttribute,
  options: BiasOptions = {},
): AttributeBias {
  return biasReport(labels, predictions, [attribute], options).attributes[0]!;
}
