/**
 * Expected failures are values: a closed set of codes, each with a user-facing message that says what
 * to do next, and an optional detail for logs. Unknown failures are exceptions and are turned into a
 * reply with a correlation id in exactly one place (commands/dispatch.ts).
 */
export const ERROR_CODES = [
  'bad_input',
  'unknown_command',
  'not_found',
  'conflict',
  'forbidden',
  'expired',
  'busy',
  'gate_failed',
  'target_failed',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  readonly code: ErrorCode;
  /** One line for the user: what is wrong and what to do. */
  readonly message: string;
  /** Extra text shown under the message (usage, suggestions). */
  readonly hint?: string;
  /** For logs only. */
  readonly detail?: string;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: ErrorCode, message: string, extra: { hint?: string; detail?: string } = {}): Err => ({
  ok: false,
  error: { code, message, ...extra },
});

export const isErr = <T>(r: Result<T>): r is Err => !r.ok;
