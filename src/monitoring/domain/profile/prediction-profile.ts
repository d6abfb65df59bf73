import type { Scalar } from '../monitoring-store.js';
import { categoryValue, numericValue } from '../feature-values.js';
import { binOf, type ProfileBasis } from './profile-basis.js';
import { readBinary } from './label-encoding.js';
import type { ProfileJson, StoredProfileJson } from './profile-json.js';
import { addExpected, addLabelled, emptyQuality, mergeQuality, type QualityProfile } from './quality-profile.js';

/**
 * A mergeable profile of logged predictions (whylogs-style, but with counts fine enough that most
 * statistics are exact): everything the drift and bias reports need, without the rows.
 *
 * Per feature of the basis:
 *   numeric      non-missing count, missing (null, blank or not a number), of which not a number,
 *                min, max, sum, sum of squares, and counts over the basis's fine bins;
 *   categorical  non-missing count, missing, counts per category in order of first appearance
 *                (at most MAX_CATEGORIES that the reference does not have; more are pooled in
 *                `other`).
 * The prediction itself: count, missing, numeric moments, and counts per category (capped alike).
 * Labelled rows, for bias: how many, how many have a label or prediction that is missing, the
 * values that cannot be read as 0/1, and per sensitive attribute the rows that carry it and per
 * group the cells [tp, fp, fn, tn, skipped] (skipped: label or prediction missing).
 * Quality (quality-profile.ts): confusion counts, errors, scores and label delays.
 *
 * Every count can be added and subtracted (a prediction erased, a label replaced), so profiles
 * merge across hours and replicas and equal the profile of all their rows. min and max are only
 * ever widened: after a subtraction they still bound the values.
 */

export const MAX_CATEGORIES = 1000;

export interface NumericProfile {
  readonly kind: 'numeric';
  count: number;
  missing: number;
  notNumbers: number;
  min: number;
  max: number;
  sum: number;
  sumSquares: number;
  readonly bins: Float64Array;
}

export interface CategoricalProfile {
  readonly kind: 'categorical';
  count: number;
  missing: number;
  readonly counts: Map<string, number>;
  other: number;
}

export type FeatureProfile = NumericProfile | CategoricalProfile;

export interface PredictionValues {
  count: number;
  missing: number;
  numbers: number;
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  readonly categories: Map<string, number>;
  other: number;
}

/** [tp, fp, fn, tn, skipped] */
export type GroupCells = Float64Array;

export interface AttributeProfile {
  rows: number;
  readonly groups: Map<string, GroupCells>;
}

export interface LabelProfile {
  rows: number;
  missing: number;
  readonly badLabels: Map<string, number>;
  readonly badPredictions: Map<string, number>;
  readonly attributes: Map<string, AttributeProfile>;
}

export interface PredictionProfile {
  readonly basis: string;
  rows: number;
  readonly features: Map<string, FeatureProfile>;
  readonly prediction: PredictionValues;
  readonly labels: LabelProfile;
  readonly quality: QualityProfile;
}

/** What a profile takes from one logged prediction. `label` undefined: not labelled (yet). */
export interface ProfiledRow {
  readonly features: Readonly<Record<string, Scalar>>;
  readonly prediction: Scalar;
  readonly label: Scalar | undefined;
  readonly sensitive: Readonly<Record<string, Scalar>> | null;
  /** the probability of the positive class, when given */
  readonly score?: number | null;
  /** when it was predicted and labelled (for the label delay; absent: not known) */
  readonly at?: Date;
  readonly labeledAt?: Date | null;
}

const emptyValues = (): PredictionValues => ({ count: 0, missing: 0, numbers: 0, sum: 0, sumSquares: 0, min: Infinity, max: -Infinity, categories: new Map(), other: 0 });

export function emptyProfile(basis: ProfileBasis): PredictionProfile {
  const features = new Map<string, FeatureProfile>();
  for (const f of basis.features) {
    features.set(
      f.name,
      f.kind === 'numeric'
        ? { kind: 'numeric', count: 0, missing: 0, notNumbers: 0, min: Infinity, max: -Infinity, sum: 0, sumSquares: 0, bins: new Float64Array(f.edges.length + 1) }
        : { kind: 'categorical', count: 0, missing: 0, counts: new Map(), other: 0 },
    );
  }
  return { basis: basis.id, rows: 0, features, prediction: emptyValues(), labels: { rows: 0, missing: 0, badLabels: new Map(), badPredictions: new Map(), attributes: new Map() }, quality: emptyQuality() };
}

/**
 * A stand-in basis for merging stored profiles of one basis without its reference (folding days,
 * whatever basis they were built on): the feature kinds and bin counts are in the JSON itself.
 */
export function basisOfJson(j: ProfileJson | StoredProfileJson): ProfileBasis {
  return {
    id: j.basis,
    features: j.features.map((f) => (f.kind === 'numeric' ? { name: f.name, kind: 'numeric' as const, edges: new Float64Array((Array.isArray(f.bins) ? f.bins.length : f.bins.size) - 1) } : { name: f.name, kind: 'categorical' as const })),
    encoding: {},
  };
}

/** Adds `n` (negative: subtracts) to a capped category count; `keep` names categories never pooled. */
function bump(counts: Map<string, number>, key: string, n: number, pool: { other: number }, keep?: (k: string) => boolean): void {
  const have = counts.get(key);
  if (have !== undefined) {
    const next = have + n;
    if (next === 0) counts.delete(key);
    else counts.set(key, next);
  } else if (n > 0 && (counts.size < MAX_CATEGORIES || keep?.(key))) counts.set(key, n);
  else pool.other += n;
}

/** Sum and sum of squares follow the sign; min and max only ever widen. */
function addMoments(m: { sum: number; sumSquares: number; min: number; max: number }, x: number, sign: number): void {
  m.sum += sign * x;
  m.sumSquares += sign * x * x;
  if (sign > 0) {
    if (x < m.min) m.min = x;
    if (x > m.max) m.max = x;
  }
}

function addValue(v: PredictionValues, x: Scalar, sign: number): void {
  if (x === null) {
    v.missing += sign;
    return;
  }
  v.count += sign;
  if (typeof x === 'number') {
    v.numbers += sign;
    addMoments(v, x, sign);
  }
  const c = categoryValue(x);
  if (c !== null) bump(v.categories, c, sign, v);
}

/** Adds (sign 1) or subtracts (sign −1) the features and prediction of a row — not its label. */
export function addFeatures(p: PredictionProfile, basis: ProfileBasis, row: ProfiledRow, sign: 1 | -1, referenceCategories?: ReadonlyMap<string, ReadonlySet<string>>): void {
  p.rows += sign;
  for (const f of basis.features) {
    const acc = p.features.get(f.name)!;
    const raw = row.features[f.name];
    if (acc.kind === 'numeric' && f.kind === 'numeric') {
      const x = numericValue(raw);
      if (x === undefined || Number.isNaN(x)) {
        acc.missing += sign;
        if (x === undefined) acc.notNumbers += sign;
        continue;
      }
      acc.count += sign;
      addMoments(acc, x, sign);
      acc.bins[binOf(f.edges, x)]! += sign;
    } else if (acc.kind === 'categorical') {
      const c = categoryValue(raw);
      if (c === null) {
        acc.missing += sign;
        continue;
      }
      acc.count += sign;
      const known = referenceCategories?.get(f.name);
      bump(acc.counts, c, sign, acc, known ? (k) => known.has(k) : undefined);
    }
  }
  addValue(p.prediction, row.prediction, sign);
  addExpected(p.quality, row, basis.encoding, sign);
}

/** Adds (sign 1) or subtracts (sign −1) a labelled row's part in bias: nothing for an unlabelled row. */
export function addLabel(p: PredictionProfile, basis: ProfileBasis, row: ProfiledRow, sign: 1 | -1): void {
  if (row.label === undefined) return;
  addLabelled(p.quality, row, basis.encoding, sign);
  const l = p.labels;
  l.rows += sign;
  const y = readBinary(row.label, basis.encoding, false);
  const yhat = readBinary(row.prediction, basis.encoding, true);
  if (y === 'bad') bump(l.badLabels, JSON.stringify(row.label), sign, { other: 0 });
  if (yhat === 'bad') bump(l.badPredictions, JSON.stringify(row.prediction), sign, { other: 0 });
  const skipped = y === 'missing' || yhat === 'missing' || y === 'bad' || yhat === 'bad';
  if (y === 'missing' || yhat === 'missing') l.missing += sign;
  for (const [attribute, value] of Object.entries(row.sensitive ?? {})) {
    let a = l.attributes.get(attribute);
    if (!a) l.attributes.set(attribute, (a = { rows: 0, groups: new Map() }));
    a.rows += sign;
    const g = categoryValue(value);
    if (g !== null) {
      let cells = a.groups.get(g);
      if (!cells) a.groups.set(g, (cells = new Float64Array(5)));
      const cell = skipped ? 4 : y === 1 ? (yhat === 1 ? 0 : 2) : yhat === 1 ? 1 : 3;
      cells[cell]! += sign;
      if (cells.every((c) => c === 0)) a.groups.delete(g);
    }
    if (a.rows === 0 && a.groups.size === 0) l.attributes.delete(attribute);
  }
}

export function addRow(p: PredictionProfile, basis: ProfileBasis, row: ProfiledRow, sign: 1 | -1, referenceCategories?: ReadonlyMap<string, ReadonlySet<string>>): void {
  addFeatures(p, basis, row, sign, referenceCategories);
  addLabel(p, basis, row, sign);
}

function mergeCounts(into: Map<string, number>, from: ReadonlyMap<string, number>, pool: { other: number }, keep?: (k: string) => boolean): void {
  for (const [k, n] of from) bump(into, k, n, pool, keep);
}

/** Adds `b` into `a` (same basis): the profile of both sets of rows. */
export function mergeProfile(a: PredictionProfile, b: PredictionProfile, referenceCategories?: ReadonlyMap<string, ReadonlySet<string>>): void {
  if (a.basis !== b.basis) throw new RangeError(`profiles on different bases: ${a.basis} and ${b.basis}`);
  a.rows += b.rows;
  for (const [name, fb] of b.features) {
    const fa = a.features.get(name);
    if (!fa) continue;
    fa.count += fb.count;
    fa.missing += fb.missing;
    if (fa.kind === 'numeric' && fb.kind === 'numeric') {
      fa.notNumbers += fb.notNumbers;
      fa.sum += fb.sum;
      fa.sumSquares += fb.sumSquares;
      fa.min = Math.min(fa.min, fb.min);
      fa.max = Math.max(fa.max, fb.max);
      for (let i = 0; i < fa.bins.length; i++) fa.bins[i]! += fb.bins[i]!;
    } else if (fa.kind === 'categorical' && fb.kind === 'categorical') {
      const known = referenceCategories?.get(name);
      mergeCounts(fa.counts, fb.counts, fa, known ? (k) => known.has(k) : undefined);
      fa.other += fb.other;
    }
  }
  const pa = a.prediction;
  const pb = b.prediction;
  pa.count += pb.count;
  pa.missing += pb.missing;
  pa.numbers += pb.numbers;
  pa.sum += pb.sum;
  pa.sumSquares += pb.sumSquares;
  pa.min = Math.min(pa.min, pb.min);
  pa.max = Math.max(pa.max, pb.max);
  mergeCounts(pa.categories, pb.categories, pa);
  pa.other += pb.other;
  const la = a.labels;
  const lb = b.labels;
  la.rows += lb.rows;
  la.missing += lb.missing;
  mergeCounts(la.badLabels, lb.badLabels, { other: 0 });
  mergeCounts(la.badPredictions, lb.badPredictions, { other: 0 });
  for (const [name, ab] of lb.attributes) {
    let aa = la.attributes.get(name);
    if (!aa) la.attributes.set(name, (aa = { rows: 0, groups: new Map() }));
    aa.rows += ab.rows;
    for (const [g, cells] of ab.groups) {
      const have = aa.groups.get(g);
      if (have) {
        for (let i = 0; i < 5; i++) have[i]! += cells[i]!;
        if (have.every((c) => c === 0)) aa.groups.delete(g);
      } else aa.groups.set(g, Float64Array.from(cells));
    }
    if (aa.rows === 0 && aa.groups.size === 0) la.attributes.delete(name);
  }
  mergeQuality(a.quality, b.quality);
}
