/**
 * Exit statuses: 0 ok; 1 a check failed (gates, --fail-on) or an awaited deployment did not
 * succeed (rejected, expired, failed, cancelled); 2 the request was refused as given; 3 not
 * allowed; 4 Steward could not do it; 5 `--wait` ran out of time before the deployment ended.
 */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, forbidden: 3, unavailable: 4, timedOut: 5 } as const;

export function exitCodeFor(code: string | undefined): number {
  switch (code) {
    case undefined:
      return EXIT.ok;
    case 'forbidden':
      return EXIT.forbidden;
    case 'gate_failed':
      return EXIT.checkFailed;
    case 'unavailable':
    case 'target_failed':
      return EXIT.unavailable;
    default:
      return EXIT.badInput;
  }
}

/** The exit status of an awaited deployment: 0 succeeded, 1 ended otherwise, 5 still open when the time ran out; null while open. */
export function exitCodeForOutcome(outcome: string | null, timedOut = false): number | null {
  if (outcome === 'succeeded') return EXIT.ok;
  if (outcome !== null) return EXIT.checkFailed;
  return timedOut ? EXIT.timedOut : null;
}
