import type { Scalar } from '../monitoring-store.js';
import { categoryValue } from '../feature-values.js';
import { type LabelEncoding, readBinary } from './label-encoding.js';

/**
 * The quality part of a prediction profile: what the quality report needs from labelled
 * predictions, as counts and sums that add and subtract (a label replaced, a prediction erased):
 *
 *   pairs        labelled rows whose label and prediction are both present;
 *   fractional   of those, rows where either is a number that is not whole (a regressor's);
 *   confusion    [label, prediction] category pairs -> count (at most MAX_CONFUSION; more pooled);
 *   binary       [tp, fp, fn, tn] read through the model's label encoding (pairs it cannot read
 *                are not counted);
 *   errors       [n, Σ|y − ŷ|, Σ(y − ŷ)²] over pairs where both are numbers;
 *   scoreBins    labelled rows with a score and a 0/1 label: per score bin (width 1/SCORE_BINS)
 *                [negatives, positives], for ROC AUC with a bound;
 *   delays       label delay (labelled at − predicted at) per bin of DELAY_STEPS per doubling;
 *   expected     every row with a score and a 0/1 prediction, labelled or not:
 *                [n ŷ=1, Σ score over ŷ=1, n ŷ=0, Σ score over ŷ=0] — the confusion matrix
 *                expected if scores are calibrated (confidence-based performance estimation).
 */

export const SCORE_BINS = 1000;
export const DELAY_STEPS = 4;
export const MAX_CONFUSION = 400;

export interface QualityProfile {
  pairs: number;
  fractional: number;
  readonly confusion: Map<string, number>;
  confusionOther: number;
  readonly binary: Float64Array;
  readonly errors: Float64Array;
  readonly scoreBins: Map<number, Float64Array>;
  readonly delays: Map<number, number>;
  readonly expected: Float64Array;
}

/** What the quality part takes from one logged prediction. */
export interface QualityRow {
  readonly prediction: Scalar;
  readonly label: Scalar | undefined;
  readonly score?: number | null;
  readonly at?: Date;
  readonly labeledAt?: Date | null;
}

export function emptyQuality(): QualityProfile {
  return { pairs: 0, fractional: 0, confusion: new Map(), confusionOther: 0, binary: new Float64Array(4), errors: new Float64Array(3), scoreBins: new Map(), delays: new Map(), expected: new Float64Array(4) };
}

/** The row's score: its own, or (with a score threshold) a numeric prediction from 0 to 1, which is then the score. */
export function scoreOf(row: QualityRow, e: LabelEncoding): number | null {
  if (row.score !== undefined && row.score !== null) return row.score;
  const p = row.prediction;
  return e.scoreThreshold !== undefined && typeof p === 'number' && p >= 0 && p <= 1 ? p : null;
}

export const scoreBin = (s: number): number => Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(s * SCORE_BINS)));

/** 0: under a second; k ≥ 1: [2^((k−1)/DELAY_STEPS), 2^(k/DELAY_STEPS)) seconds. */
export function delayBin(ms: number): number {
  if (!(ms >= 1000)) return 0;
  return 1 + Math.floor(Math.log2(ms / 1000) * DELAY_STEPS);
}

/** A delay bin's middle (geometric), in milliseconds: what a median in that bin is shown as. */
export function delayBinMiddle(bin: number): number {
  return bin === 0 ? 0 : 1000 * 2 ** ((bin - 0.5) / DELAY_STEPS);
}

function bump(m: Map<number, number>, k: number, n: number): void {
  const next = (m.get(k) ?? 0) + n;
  if (next === 0) m.delete(k);
  else m.set(k, next);
}

const isFractional = (v: Scalar): boolean => typeof v === 'number' && !Number.isInteger(v);

/** Adds (sign 1) or subtracts (−1) a row's scored prediction to `expected`: labelled or not. */
export function addExpected(q: QualityProfile, row: QualityRow, e: LabelEncoding, sign: 1 | -1): void {
  const s = scoreOf(row, e);
  if (s === null) return;
  const yhat = readBinary(row.prediction, e, true);
  if (yhat === 1) {
    q.expected[0]! += sign;
    q.expected[1]! += sign * s;
  } else if (yhat === 0) {
    q.expected[2]! += sign;
    q.expected[3]! += sign * s;
  }
}

/** Adds (sign 1) or subtracts (−1) a labelled row's part: nothing for an unlabelled one, or one whose label or prediction is missing. */
export function addLabelled(q: QualityProfile, row: QualityRow, e: LabelEncoding, sign: 1 | -1): void {
  if (row.label === undefined || row.label === null || row.prediction === null) return;
  const y = row.label;
  const yhat = row.prediction;
  q.pairs += sign;
  if (isFractional(y) || isFractional(yhat)) q.fractional += sign;
  const key = JSON.stringify([categoryValue(y), categoryValue(yhat)]);
  const have = q.confusion.get(key);
  if (have !== undefined) {
    if (have + sign === 0) q.confusion.delete(key);
    else q.confusion.set(key, have + sign);
  } else if (q.confusion.size < MAX_CONFUSION) q.confusion.set(key, sign); // negative in a delta that removes a row
  else q.confusionOther += sign;
  const by = readBinary(y, e, false);
  const bhat = readBinary(yhat, e, true);
  if ((by === 0 || by === 1) && (bhat === 0 || bhat === 1)) q.binary[by === 1 ? (bhat === 1 ? 0 : 2) : bhat === 1 ? 1 : 3]! += sign;
  if (typeof y === 'number' && typeof yhat === 'number') {
    const d = y - yhat;
    q.errors[0]! += sign;
    q.errors[1]! += sign * Math.abs(d);
    q.errors[2]! += sign * d * d;
  }
  const s = scoreOf(row, e);
  if (s !== null && (by === 0 || by === 1)) {
    const b = scoreBin(s);
    let cell = q.scoreBins.get(b);
    if (!cell) q.scoreBins.set(b, (cell = new Float64Array(2)));
    cell[by]! += sign;
    if (cell[0] === 0 && cell[1] === 0) q.scoreBins.delete(b);
  }
  if (row.at && row.labeledAt) bump(q.delays, delayBin(row.labeledAt.getTime() - row.at.getTime()), sign);
}

export function mergeQuality(a: QualityProfile, b: QualityProfile): void {
  a.pairs += b.pairs;
  a.fractional += b.fractional;
  for (const [k, n] of b.confusion) {
    const have = a.confusion.get(k);
    if (have !== undefined) {
      if (have + n === 0) a.confusion.delete(k);
      else a.confusion.set(k, have + n);
    } else if (a.confusion.size < MAX_CONFUSION) a.confusion.set(k, n);
    else a.confusionOther += n;
  }
  a.confusionOther += b.confusionOther;
  for (let i = 0; i < 4; i++) a.binary[i]! += b.binary[i]!;
  for (let i = 0; i < 3; i++) a.errors[i]! += b.errors[i]!;
  for (let i = 0; i < 4; i++) a.expected[i]! += b.expected[i]!;
  for (const [bin, cell] of b.scoreBins) {
    const have = a.scoreBins.get(bin);
    if (!have) a.scoreBins.set(bin, Float64Array.from(cell));
    else {
      have[0]! += cell[0]!;
      have[1]! += cell[1]!;
      if (have[0] === 0 && have[1] === 0) a.scoreBins.delete(bin);
    }
  }
  for (const [bin, n] of b.delays) bump(a.delays, bin, n);
}

/** The stored form: plain arrays, sorted (so that equal counts give equal JSON). */
export interface QualityJson {
  pairs: number;
  fractional: number;
  confusion: [string, number][];
  confusionOther: number;
  binary: number[];
  errors: number[];
  scoreBins: [number, number, number][];
  delays: [number, number][];
  expected: number[];
}

export function qualityToJson(q: QualityProfile): QualityJson {
  return {
    pairs: q.pairs,
    fractional: q.fractional,
    confusion: [...q.confusion].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    confusionOther: q.confusionOther,
    binary: Array.from(q.binary),
    errors: Array.from(q.errors),
    scoreBins: [...q.scoreBins].sort(([a], [b]) => a - b).map(([bin, c]) => [bin, c[0]!, c[1]!]),
    delays: [...q.delays].sort(([a], [b]) => a - b),
    expected: Array.from(q.expected),
  };
}

export function qualityFromJson(j: QualityJson, into: QualityProfile): void {
  into.pairs = j.pairs;
  into.fractional = j.fractional;
  for (const [k, n] of j.confusion) into.confusion.set(k, n);
  into.confusionOther = j.confusionOther;
  into.binary.set(j.binary);
  into.errors.set(j.errors);
  for (const [bin, neg, pos] of j.scoreBins) into.scoreBins.set(bin, Float64Array.of(neg, pos));
  for (const [bin, n] of j.delays) into.delays.set(bin, n);
  into.expected.set(j.expected);
}
