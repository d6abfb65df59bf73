import type { NewPrediction } from '../../monitoring/domain/monitoring-store.js';

/**
 * Logged predictions in PostgreSQL's COPY text format, in the order of PREDICTION_COPY_COLUMNS:
 * one line per row, columns separated by tabs, SQL NULL as \N, and in every value a backslash,
 * tab, newline and carriage return escaped (\\ \t \n \r). JSON from JSON.stringify has no raw
 * control characters (it escapes them as \n, \u0001, …), so only its backslashes need doubling.
 */
export const PREDICTION_COPY_COLUMNS = ['model_id', 'version_id', 'environment', 'prediction_id', 'at', 'features', 'prediction', 'score', 'label', 'labeled_at', 'sensitive', 'subject', 'logged_by', 'logged_at'] as const;

const NULL = '\\N';
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value as COPY text reads it back unchanged. */
export function copyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPES[c]!) : s;
}

/** A value as jsonb in COPY text. */
function copyJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.includes('\\') ? s.replaceAll('\\', '\\\\') : s;
}

/** A scalar as jsonb in COPY text, without JSON.stringify for numbers and booleans. */
function copyScalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return copyJson(v);
}

/** Remembers the last value's text: a batch's rows share their environment, logger and logging time. */
function lastOf<T>(format: (v: T) => string): (v: T) => string {
  let last: { value: T; text: string } | null = null;
  return (v) => {
    if (last === null || last.value !== v) last = { value: v, text: format(v) };
    return last.text;
  };
}

/** The COPY text of `rows` (each line ends with a newline). */
export function predictionCopyText(rows: readonly NewPrediction[]): string {
  const env = lastOf(copyText);
  const by = lastOf(copyText);
  let loggedAtMs = Number.NaN;
  let loggedAt = '';
  let out = '';
  for (const r of rows) {
    if (r.loggedAt.getTime() !== loggedAtMs) {
      loggedAtMs = r.loggedAt.getTime();
      loggedAt = r.loggedAt.toISOString();
    }
    const labeled = r.label !== undefined;
    out += `${r.modelId}\t${r.versionId}\t${env(r.environment)}\t${copyText(r.predictionId)}\t${r.at.toISOString()}\t${copyJson(r.features)}\t${copyScalar(r.prediction)}\t${r.score === null ? NULL : String(r.score)}\t${labeled ? copyScalar(r.label) : NULL}\t${NULL}\t${r.sensitive === null ? NULL : copyJson(r.sensitive)}\t${r.subject === null ? NULL : copyText(r.subject)}\t${by(r.loggedBy)}\t${loggedAt}\n`;
  }
  return out;
}

const UNIQUE_VIOLATION = '23505';
const UNIQUE_INDEX = 'prediction_logs_model_prediction_uq';
/**
 * The key in PostgreSQL's detail of a unique violation, "Key (model_id, prediction_id)=(1, p7)
 * already exists." — only the words around it are translated (lc_messages). Ids have no spaces.
 */
const KEY_RE = /\(model_id, prediction_id\)=\(\d+, (\S+)\)/;

/**
 * The prediction id a failed COPY found already logged for its model (a unique violation of
 * prediction_logs_model_prediction_uq, named in the error's detail), or null for any other error.
 * The driver's error may come wrapped (as a DrizzleQueryError's cause); postgres.js names the
 * constraint `constraint_name`, PGlite `constraint`.
 */
export function alreadyLoggedId(e: unknown): string | null {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const x = (cause ?? e) as { code?: unknown; constraint_name?: unknown; constraint?: unknown; detail?: unknown } | null;
  if (x?.code !== UNIQUE_VIOLATION || (x.constraint_name ?? x.constraint) !== UNIQUE_INDEX || typeof x.detail !== 'string') return null;
  return KEY_RE.exec(x.detail)?.[1] ?? null;
}
