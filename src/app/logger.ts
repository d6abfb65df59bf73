import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../ports/logger.js';
import { secretScrubber } from '../core/secret-scrub.js';

/** Paths pino blanks out wherever they appear in a logged object. */
export const REDACT_PATHS = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  '*.apiKey',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-steward-signature"]',
  'config.database.url',
  'apiKey',
  'config.llm.apiKey',
  'llm.apiKey',
  'OPENAI_API_KEY',
  '*.OPENAI_API_KEY',
  'config.discord.token',
  'discord.token',
  'config.targets.*.secret',
  'config.targets.*.token',
  'targets.*.secret',
  'targets.*.token',
  'target.secret',
  'target.token',
  'headers.Authorization',
  'headers["X-Steward-Signature"]',
];

const MAX_MESSAGE = 300;
const MAX_QUERY = 200;
const MAX_FRAMES = 12;
/** What an error may carry into the log besides its message: codes, and the schema objects a database error names. */
const KEPT_FIELDS = ['code', 'errno', 'syscall', 'status', 'statusCode', 'severity', 'routine', 'schema_name', 'table_name', 'column_name', 'constraint_name', 'schema', 'table', 'column', 'constraint'];

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: LoggedError;
  readonly [field: string]: unknown;
}

/**
 * An error as it may be logged: type, message, codes, stack frames and cause — never the data a
 * failed statement carried. drizzle's message is "Failed query: <sql>\nparams: <every value>" and it
 * keeps `query`/`params`; postgres.js adds `parameters`, `query`, and PostgreSQL's `detail` and
 * `where` quote the failing row or parameter. Those are dropped; the SQL is cut to its first
 * MAX_QUERY characters (its values are parameters, so the text has none).
 */
export function loggedError(e: unknown, depth = 0): LoggedError {
  if (!(e instanceof Error)) {
    const message = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
    return { type: e === null ? 'null' : typeof e, message: clip(message, MAX_MESSAGE) };
  }
  const type = e.constructor?.name || e.name || 'Error';
  const query = (e as { query?: unknown }).query;
  const message = typeof query === 'string' && e.message.startsWith('Failed query:') ? `Failed query: ${clip(query, MAX_QUERY)}` : clip(e.message, MAX_MESSAGE);
  const out: Record<string, unknown> = { type, message };
  for (const k of KEPT_FIELDS) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'string') out[k] = clip(v, 100);
  }
  const stack = e.stack ?? '';
  const at = stack.indexOf(e.message);
  const frames = (at >= 0 ? stack.slice(at + e.message.length) : stack).split('\n').filter((l) => /^\s+at \S/.test(l));
  if (frames.length) out.stack = [`${type}: ${message}`, ...frames.slice(0, MAX_FRAMES)].join('\n');
  if (e.cause !== undefined && depth < 3) out.cause = loggedError(e.cause, depth + 1);
  return out as LoggedError;
}

/**
 * The application logger (pino, JSON lines). Errors under `err` are written by `loggedError` (no
 * statement data); every written line passes through the secret scrubber, so a configured secret
 * echoed in a message or error never reaches the log.
 */
export function createLogger(level: string, destination?: DestinationStream, secrets: readonly string[] = []): Logger & { child(b: object): Logger } {
  const scrub = secretScrubber(secrets);
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'steward' },
      serializers: { err: loggedError },
      hooks: { streamWrite: scrub },
    },
    destination ?? pino.destination(2),
  );
}

/** "postgres://user:secret@host/db" -> "postgres://user:***@host/db" for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
