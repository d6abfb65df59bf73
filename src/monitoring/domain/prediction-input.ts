import { unstorableChar } from '../../core/text-safety.js';
import type { Scalar } from './monitoring-store.js';

/**
 * Validation of logged predictions and labels (API bodies and JSON Lines files alike). Each
 * problem is one line naming the row and the field, e.g.
 *   predictions[17].features.amount: must be a number, string, boolean or null (got an object)
 * Nothing passes that the database would refuse: text PostgreSQL cannot store (NUL, unpaired
 * surrogates), times outside the years 0001–9999; and no text value is over MAX_TEXT characters.
 */

export interface PredictionInput {
  readonly id: string;
  /** absent: the time of logging */
  readonly timestamp: Date | undefined;
  readonly features: Record<string, Scalar>;
  readonly prediction: Scalar;
  /** the probability of the positive class (0–1) when the model gives one; null: not given */
  readonly score: number | null;
  readonly label: Scalar | undefined;
  readonly sensitive: Record<string, Scalar> | null;
  /** whose prediction it is (a person's key), so that it can be erased by it; null: not given */
  readonly subject: string | null;
}

export interface LabelInput {
  readonly id: string;
  readonly label: Scalar;
}

export const MAX_FEATURES = 1000;
/** The longest text value (a feature, prediction, label or sensitive attribute value), in characters (UTF-16 code units). */
export const MAX_TEXT = 1000;
const FIELDS = ['id', 'timestamp', 'features', 'prediction', 'score', 'label', 'sensitive', 'subject'];
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);
const ID_RE = /^[\x21-\x7e]{1,200}$/;
const KEY_RE = /^[^\s].{0,127}$/s;
/** timestamptz as we send it (an ISO string with a four-digit year): 0001-01-01T00:00:00.000Z … 9999-12-31T23:59:59.999Z */
const EARLIEST_MS = -62_135_596_800_000;
const LATEST_MS = 253_402_300_799_999;

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v === 'number' && !Number.isFinite(v) ? 'a non-finite number' : `a ${typeof v}`);
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
const bad = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** NUL or any surrogate: only text with one of these needs the exact (slower) check. */
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
const unstorable = (s: string): string | null => (MAYBE_UNSTORABLE.test(s) ? unstorableChar(s) : null);

/** Why `field`'s text cannot be stored, as one line, or null when it can. */
export function unstorableProblem(field: string, s: string): string | null {
  const what = unstorable(s);
  return what === null ? null : `${field}: contains ${what}, which cannot be stored; remove it`;
}

/**
 * Names already found good: a batch's rows repeat the same feature names, so each is checked once.
 * Bounded (cleared when full) so that arbitrary names cannot grow it.
 */
const goodNames = new Set<string>();
const GOOD_NAMES_MAX = 10_000;

/** Why a name of `where`'s object is not acceptable, or null. */
function nameProblem(k: string, where: string): string | null {
  if (goodNames.has(k)) return null;
  if (!KEY_RE.test(k)) return `${where}: the name ${JSON.stringify(k.slice(0, 40))} must be 1–128 characters and not start with a space`;
  const what = unstorable(k);
  if (what !== null) return `${where}: the name ${JSON.stringify(k.slice(0, 40))} contains ${what}, which cannot be stored; remove it`;
  if (goodNames.size >= GOOD_NAMES_MAX) goodNames.clear();
  goodNames.add(k);
  return null;
}

/** A scalar value: a string must be storable and at most MAX_TEXT characters. */
function valueProblem(field: string, v: Scalar): string | null {
  if (typeof v !== 'string') return null;
  if (v.length > MAX_TEXT) return `${field}: is ${v.length} characters long; text values are at most ${MAX_TEXT} characters`;
  return unstorableProblem(field, v);
}

function checkId(v: unknown, where: string): Checked<string> {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return { ok: true, value: String(v) };
  if (typeof v !== 'string' || !ID_RE.test(v)) return bad(`${where}.id: must be a string of 1–200 printable characters without spaces${v === undefined ? ' (missing)' : ` (got ${kindOf(v)})`}`);
  return { ok: true, value: v };
}

function checkScalars(v: unknown, where: string, max: number): Checked<Record<string, Scalar>> {
  if (!isPlainObject(v)) return bad(`${where}: must be an object of name -> value (got ${kindOf(v)})`);
  const keys = Object.keys(v);
  if (keys.length > max) return bad(`${where}: has ${keys.length} entries; at most ${max}`);
  for (const k of keys) {
    const name = nameProblem(k, where);
    if (name !== null) return bad(name);
    const value = v[k];
    if (!isScalar(value)) return bad(`${where}.${k}: must be a number, string, boolean or null (got ${kindOf(value)})`);
    const problem = valueProblem(`${where}.${k}`, value);
    if (problem !== null) return bad(problem);
  }
  return { ok: true, value: v as Record<string, Scalar> };
}

/** A refused timestamp as a message shows it. */
function shownTime(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'number' ? String(v) : kindOf(v);
}

/** "2026-11-27T12:00:00Z" (offset required) or epoch milliseconds, in the years 0001–9999. */
function checkTimestamp(v: unknown, where: string): Checked<Date | undefined> {
  if (v === undefined) return { ok: true, value: undefined };
  let d: Date | null = null;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v);
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) d = new Date(v);
  const ms = d === null ? Number.NaN : d.getTime();
  if (Number.isNaN(ms)) return bad(`${where}.timestamp: must be an ISO 8601 time with a zone, e.g. 2026-11-27T12:00:00Z, or epoch milliseconds (got ${shownTime(v)})`);
  if (ms < EARLIEST_MS || ms > LATEST_MS) return bad(`${where}.timestamp: must be in the years 0001–9999 (UTC) (got ${shownTime(v)})`);
  return { ok: true, value: d! };
}

/** A prediction or label value: a number, string or boolean (`nullable`: or null). */
function checkValue(v: unknown, field: string, nullable: boolean): Checked<Scalar> {
  if (v === undefined || (v === null && !nullable) || !isScalar(v)) return bad(`${field}: must be a number, string${nullable ? ', boolean or null' : ' or boolean'}${v === undefined ? ' (missing)' : ` (got ${kindOf(v)})`}`);
  const problem = valueProblem(field, v);
  return problem === null ? { ok: true, value: v } : bad(problem);
}

/** A score: the probability of the positive class, a number from 0 to 1 (a numeric string, as CSV gives it, too). */
export function checkScore(v: unknown, field: string): Checked<number> {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) return bad(`${field}: must be the probability of the positive class, a number from 0 to 1 (got ${typeof v === 'number' ? String(v) : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : kindOf(v)})`);
  return { ok: true, value: x };
}

export function checkPrediction(raw: unknown, where: string): Checked<PredictionInput> {
  if (!isPlainObject(raw)) return bad(`${where}: must be an object with id, features and prediction (got ${kindOf(raw)})`);
  for (const k of Object.keys(raw)) if (!FIELD_SET.has(k)) return bad(`${where}: unknown field ${JSON.stringify(k)}; the fields are ${FIELDS.join(', ')}`);
  const id = checkId(raw.id, where);
  if (!id.ok) return id;
  const timestamp = checkTimestamp(raw.timestamp, where);
  if (!timestamp.ok) return timestamp;
  const features = checkScalars(raw.features, `${where}.features`, MAX_FEATURES);
  if (!features.ok) return features;
  const prediction = checkValue(raw.prediction, `${where}.prediction`, false);
  if (!prediction.ok) return prediction;
  let score: number | null = null;
  if (raw.score !== undefined && raw.score !== null) {
    const s = checkScore(raw.score, `${where}.score`);
    if (!s.ok) return s;
    score = s.value;
  }
  let label: Scalar | undefined;
  if (raw.label !== undefined && raw.label !== null) {
    const l = checkValue(raw.label, `${where}.label`, true);
    if (!l.ok) return l;
    label = l.value;
  }
  let sensitive: Record<string, Scalar> | null = null;
  if (raw.sensitive !== undefined && raw.sensitive !== null) {
    const s = checkScalars(raw.sensitive, `${where}.sensitive`, 50);
    if (!s.ok) return s;
    sensitive = s.value;
  }
  let subject: string | null = null;
  if (raw.subject !== undefined && raw.subject !== null) {
    if (typeof raw.subject !== 'string' || raw.subject.length < 1 || raw.subject.length > 200) return bad(`${where}.subject: must be a string of 1–200 characters (got ${kindOf(raw.subject)})`);
    const problem = unstorableProblem(`${where}.subject`, raw.subject);
    if (problem !== null) return bad(problem);
    subject = raw.subject;
  }
  return { ok: true, value: { id: id.value, timestamp: timestamp.value, features: features.value, prediction: prediction.value, score, label, sensitive, subject } };
}

export function checkLabel(raw: unknown, where: string): Checked<LabelInput> {
  if (!isPlainObject(raw)) return bad(`${where}: must be an object {"id": …, "label": …} (got ${kindOf(raw)})`);
  const unknown = Object.keys(raw).find((k) => k !== 'id' && k !== 'label');
  if (unknown !== undefined) return bad(`${where}: unknown field ${JSON.stringify(unknown)}; the fields are id, label`);
  const id = checkId(raw.id, where);
  if (!id.ok) return id;
  const label = checkValue(raw.label, `${where}.label`, false);
  if (!label.ok) return label;
  return { ok: true, value: { id: id.value, label: label.value } };
}
