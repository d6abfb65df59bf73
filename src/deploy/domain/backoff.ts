/**
 * Exponential backoff with full jitter: attempt n (1-based) waits a random time in
 * [0, min(max, base·2^(n−1))]. `random` is injectable so tests are deterministic.
 */
export function backoffDelay(attempt: number, opts: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap * (0.5 + random() / 2));
}
