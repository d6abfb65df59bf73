import type { Scalar } from './monitoring-store.js';

/**
 * Validation of logged predictions and labels (API bodies and JSON Lines files alike). Each
 * problem is one line naming the row and the field, e.g.
 *   predictions[17].features.amount: must be a number, string, boolean or null (got an object)
 */

export interface PredictionInput {
  readonly id: string;
  /** absent: the time of logging */
  readonly timestamp: Date | undefined;
  readonly features: Record<string, Scalar>;
  readonly prediction: Scalar;
  readonly label: Scalar | undefined;
  readonly sensitive: Record<string, Scalar> | null;
}

export interface LabelInput {
  readonly id: string;
  readonly label: Scalar;
}

export const MAX_FEATURES = 1000;
const FIELDS = ['id', 'timestamp', 'features', 'prediction', 'label', 'sensitive'];
const ID_RE = /^[\x21-\x7e]{1,200}$/;
const KEY_RE = /^[^\s].{0,127}$/s;

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v === 'number' && !Number.isFinite(v) ? 'a non-finite number' : `a ${typeof v}`);
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
const bad = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

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
    if (!KEY_RE.test(k)) return bad(`${where}: the name ${JSON.stringify(k.slice(0, 40))} must be 1–128 characters and not start with a space`);
    if (!isScalar(v[k])) return bad(`${where}.${k}: must be a number, string, boolean or null (got ${kindOf(v[k])})`);
  }
  return { ok: true, value: v as Record<string, Scalar> };
}

/** "2026-11-27T12:00:00Z" (offset required) or epoch milliseconds. */
function checkTimestamp(v: unknown, where: string): Checked<Date | undefined> {
  if (v === undefined) return { ok: true, value: undefined };
  let d: Date | null = null;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v);
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) d = new Date(v);
  if (!d || Number.isNaN(d.getTime())) return bad(`${where}.timestamp: must be an ISO 8601 time with a zone, e.g. 2026-11-27T12:00:00Z, or epoch milliseconds (got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : kindOf(v)})`);
  return { ok: true, value: d };
}

export function checkPrediction(raw: unknown, where: string): Checked<PredictionInput> {
  if (!isPlainObject(raw)) return bad(`${where}: must be an object with id, features and prediction (got ${kindOf(raw)})`);
  const unknown = Object.keys(raw).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) return bad(`${where}: unknown field ${JSON.stringify(unknown)}; the fields are ${FIELDS.join(', ')}`);
  const id = checkId(raw.id, where);
  if (!id.ok) return id;
  const timestamp = checkTimestamp(raw.timestamp, where);
  if (!timestamp.ok) return timestamp;
  const features = checkScalars(raw.features, `${where}.features`, MAX_FEATURES);
  if (!features.ok) return features;
  if (raw.prediction === undefined || raw.prediction === null || !isScalar(raw.prediction)) return bad(`${where}.prediction: must be a number, string or boolean${raw.prediction === undefined ? ' (missing)' : ` (got ${kindOf(raw.prediction)})`}`);
  if (raw.label !== undefined && !isScalar(raw.label)) return bad(`${where}.label: must be a number, string, boolean or null (got ${kindOf(raw.label)})`);
  let sensitive: Record<string, Scalar> | null = null;
  if (raw.sensitive !== undefined && raw.sensitive !== null) {
    const s = checkScalars(raw.sensitive, `${where}.sensitive`, 50);
    if (!s.ok) return s;
    sensitive = s.value;
  }
  return { ok: true, value: { id: id.value, timestamp: timestamp.value, features: features.value, prediction: raw.prediction, label: raw.label === null ? undefined : (raw.label as Scalar | undefined), sensitive } };
}

export function checkLabel(raw: unknown, where: string): Checked<LabelInput> {
  if (!isPlainObject(raw)) return bad(`${where}: must be an object {"id": …, "label": …} (got ${kindOf(raw)})`);
  const unknown = Object.keys(raw).find((k) => k !== 'id' && k !== 'label');
  if (unknown !== undefined) return bad(`${where}: unknown field ${JSON.stringify(unknown)}; the fields are id, label`);
  const id = checkId(raw.id, where);
  if (!id.ok) return id;
  if (raw.label === undefined || raw.label === null || !isScalar(raw.label)) return bad(`${where}.label: must be a number, string or boolean${raw.label === undefined ? ' (missing)' : ` (got ${kindOf(raw.label)})`}`);
  return { ok: true, value: { id: id.value, label: raw.label } };
}
