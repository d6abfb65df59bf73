import { unstorableChar } from '../core/text-safety.js';
import { err, ok, type Result } from '../core/result.js';
import type { Scalar } from './domain/monitoring-store.js';
import { parseNumber } from './domain/feature-values.js';
import { checkScore } from './domain/prediction-input.js';
import { addRow, emptyProfile, type PredictionProfile, type ProfiledRow } from './domain/profile/prediction-profile.js';
import type { ProfileBasis } from './domain/profile/profile-basis.js';
import { ColumnCursor, type TableStream, openTableStream } from './io/table-stream.js';
import { columnList, TableInputError } from './io/table.js';
import { HOUR_MS } from './profile-writes.js';

/**
 * The hourly profiles of a CSV or Parquet file of predictions, built where the file is, in bounded
 * memory (`steward log-profile`): its columns are the reference's feature names (a feature the file
 * lacks counts as missing), `prediction`, and optionally `label`, `score` (0–1), `timestamp` and the sensitive
 * attribute columns named. Each row is read as `log-predictions` reads the same prediction
 * logged as JSON, so the profile equals the one logging the rows would build:
 *   - feature cells as they are (text in a CSV: numeric features read numbers from it; "" is missing);
 *   - `prediction` and `label`: text that is a number is that number; a prediction is required in
 *     every row; an empty label means "not labelled";
 *   - sensitive attributes as text ("" is missing);
 *   - `timestamp`: ISO 8601 with a zone, epoch milliseconds, or a Parquet timestamp or date; every
 *     row's hour is taken from it, else every row is in `hour`.
 * Text values are at most MAX_TEXT characters and storable, as for logged predictions. A bad row
 * stops the reading with one line naming the row (1-based, header not counted) and the column.
 *
 * Other columns are not read. Open hours are kept in memory up to a budget; past it (a file
 * spanning more hours than fit), the profiles so far are handed to `send` and reading goes on with
 * empty ones — merged later, they add up to the same profile.
 */

export interface ProfileFileOptions {
  readonly file: string;
  /** how the file is named in messages */
  readonly label: string;
  readonly sensitive: readonly string[];
  /** the hour of every row when the file has no timestamp column */
  readonly hour: Date;
  /** the hour was given (--hour): refused for a file with a timestamp column */
  readonly hourGiven: boolean;
}

export interface ProfilingBasis {
  readonly basis: ProfileBasis;
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ProfiledFile {
  readonly rows: number;
  /** every hour with rows, ascending (epoch ms) */
  readonly hours: readonly number[];
  /** how many times `send` was called */
  readonly parts: number;
}

/** Hour profiles handed over: epoch ms of the hour -> its profile. */
export type SendProfiles = (hours: ReadonlyMap<number, PredictionProfile>) => Promise<Result<unknown>>;

export const MAX_TEXT = 1000;
/** Memory for open hour profiles before they are sent in parts. */
const OPEN_BYTES = 16 * 1024 * 1024;

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const MS_RE = /^-?\d{1,16}$/;
const EARLIEST_MS = -62_135_596_800_000;
const LATEST_MS = 253_402_300_799_999;
const utf8 = new TextDecoder();

class RowError extends Error {}

/** A decoded cell as a logged value would be: text, number, boolean or null. */
function scalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isNaN(v) ? null : v;
    case 'bigint':
      return Number(v);
    default:
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      if (v instanceof Uint8Array) return utf8.decode(v);
      return String(v);
  }
}

function checkText(s: string, what: string): string {
  if (s.length > MAX_TEXT) throw new RowError(`${what} is ${s.length} characters long; text values are at most ${MAX_TEXT} characters`);
  const bad = unstorableChar(s);
  if (bad !== null) throw new RowError(`${what} contains ${bad}, which cannot be stored; remove it`);
  return s;
}

/** A prediction or label cell: text that is a number becomes the number. */
function outcome(v: unknown, what: string): Scalar {
  const s = scalar(v);
  if (typeof s === 'number' && !Number.isFinite(s)) throw new RowError(`${what} is not a finite number (got ${s})`);
  if (typeof s !== 'string') return s;
  if (s === '') return null;
  const n = parseNumber(s);
  return n === undefined ? checkText(s, what) : n;
}

function timestampMs(v: unknown, what: string): number {
  const s = scalar(v);
  let ms = Number.NaN;
  if (typeof s === 'number') ms = s;
  else if (typeof s === 'string' && MS_RE.test(s)) ms = Number(s);
  else if (typeof s === 'string' && ISO_RE.test(s)) ms = new Date(s).getTime();
  if (s === null || s === '') throw new RowError(`${what} is empty; every row of a file with a timestamp column needs one`);
  if (!Number.isFinite(ms)) throw new RowError(`${what} must be an ISO 8601 time with a zone, e.g. 2026-11-27T12:00:00Z, or epoch milliseconds (got ${JSON.stringify(String(s).slice(0, 40))})`);
  if (ms < EARLIEST_MS || ms > LATEST_MS) throw new RowError(`${what} must be in the years 0001–9999 (UTC)`);
  return ms;
}

/** Rough bytes of one hour's profile on `basis` (for the open-hours budget). */
function profileBytes(basis: ProfileBasis): number {
  let n = 4096;
  for (const f of basis.features) n += f.kind === 'numeric' ? (f.edges.length + 1) * 8 + 256 : 16_384;
  return n;
}

export async function profileFile(o: ProfileFileOptions, b: ProfilingBasis, send: SendProfiles): Promise<Result<ProfiledFile>> {
  let stream: TableStream;
  try {
    stream = await openTableStream(o.file, o.label);
  } catch (e) {
    if (e instanceof TableInputError) return err('bad_input', e.message);
    throw e;
  }
  try {
    const has = new Set(stream.columns);
    const expected = `a file to profile has the reference's features${b.basis.features.length ? ` (${columnList(b.basis.features.map((f) => f.name))})` : ''}, prediction, and optionally label, score, timestamp and the --sensitive columns`;
    if (!has.has('prediction')) return err('bad_input', `${o.label}: no column "prediction"; ${expected}; its columns are ${columnList(stream.columns)}`);
    const stray = o.sensitive.find((s) => !has.has(s));
    if (stray !== undefined) return err('bad_input', `${o.label}: --sensitive names "${stray}", which is not a column; its columns are ${columnList(stream.columns)}`);
    const clash = o.sensitive.find((s) => s === 'prediction' || s === 'label' || s === 'score' || s === 'timestamp');
    if (clash !== undefined) return err('bad_input', `--sensitive names "${clash}", the ${clash} column; name the sensitive attribute columns`);
    if (o.hourGiven && has.has('timestamp')) return err('bad_input', `${o.label} has a timestamp column, which places every row in its hour; --hour is for files without one: leave it out`);
    const features = b.basis.features.map((f) => f.name).filter((n) => has.has(n));
    if (b.basis.features.length && !features.length) return err('bad_input', `${o.label}: none of the reference's features is a column; ${expected}; its columns are ${columnList(stream.columns)}`);
    const categorical = new Set(b.basis.features.filter((f) => f.kind === 'categorical').map((f) => f.name));
    const hasLabel = has.has('label');
    const hasTime = has.has('timestamp');
    const hasScore = has.has('score');
    const wanted = [...features, 'prediction', ...(hasLabel ? ['label'] : []), ...(hasScore ? ['score'] : []), ...(hasTime ? ['timestamp'] : []), ...o.sensitive.filter((s) => !features.includes(s))];

    const maxOpen = Math.max(24, Math.floor(OPEN_BYTES / profileBytes(b.basis)));
    let open = new Map<number, PredictionProfile>();
    const allHours = new Set<number>();
    let parts = 0;
    let rows = 0;
    const flush = async (): Promise<Result<unknown>> => {
      if (!open.size) return ok(undefined);
      parts++;
      const r = await send(open);
      open = new Map();
      return r;
    };

    // one row object, refilled for every row: addRow reads it and keeps nothing
    const fv: Record<string, Scalar> = {};
    const sv: Record<string, Scalar> = {};
    const row: { features: Record<string, Scalar>; prediction: Scalar; score: number | null; label: Scalar | undefined; sensitive: Record<string, Scalar> | null } = { features: fv, prediction: null, score: null, label: undefined, sensitive: o.sensitive.length ? sv : null };
    const fixedHour = Math.floor(o.hour.getTime() / HOUR_MS) * HOUR_MS;
    let current = -1;
    try {
      for await (const batch of stream.batches(wanted)) {
        const cursor = (n: string) => new ColumnCursor(batch.columns.get(n)!);
        const fcols = features.map(cursor);
        const scols = o.sensitive.map(cursor);
        const pcol = cursor('prediction');
        const lcol = hasLabel ? cursor('label') : null;
        const tcol = hasTime ? cursor('timestamp') : null;
        const scol = hasScore ? cursor('score') : null;
        for (let r = 0; r < batch.rows; r++) {
          current = batch.rowStart + r + 1;
          for (let f = 0; f < features.length; f++) {
            const v = scalar(fcols[f]!.at(r));
            fv[features[f]!] = typeof v === 'string' && categorical.has(features[f]!) ? checkText(v, features[f]!) : v;
          }
          const p = outcome(pcol.at(r), 'prediction');
          if (p === null) throw new RowError('prediction is empty; every row needs a prediction');
          row.prediction = p;
          const l = lcol ? outcome(lcol.at(r), 'label') : null;
          row.label = l === null ? undefined : l;
          if (scol) {
            const s = scalar(scol.at(r));
            if (s === null || s === '') row.score = null;
            else {
              const c = checkScore(s, 'score');
              if (!c.ok) throw new RowError(c.problem);
              row.score = c.value;
            }
          }
          for (let s = 0; s < scols.length; s++) {
            const v = scalar(scols[s]!.at(r));
            sv[o.sensitive[s]!] = typeof v === 'string' ? (v === '' ? null : checkText(v, o.sensitive[s]!)) : v;
          }
          const hour = tcol ? Math.floor(timestampMs(tcol.at(r), 'timestamp') / HOUR_MS) * HOUR_MS : fixedHour;
          let profile = open.get(hour);
          if (!profile) {
            if (open.size >= maxOpen) {
              const sent = await flush();
              if (!sent.ok) return sent;
            }
            open.set(hour, (profile = emptyProfile(b.basis)));
            allHours.add(hour);
          }
          addRow(profile, b.basis, row as ProfiledRow, 1, b.categories);
          rows++;
        }
      }
    } catch (e) {
      if (e instanceof RowError) return err('bad_input', `${o.label} row ${current}: ${e.message}`);
      if (e instanceof TableInputError) return err('bad_input', e.message);
      throw e;
    }
    const sent = await flush();
    if (!sent.ok) return sent;
    return ok({ rows, hours: [...allHours].sort((a, b2) => a - b2), parts });
  } finally {
    await stream.close();
  }
}
