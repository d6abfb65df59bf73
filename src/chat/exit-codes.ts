/** Exit statuses: 0 ok; 1 a check failed (gates, --fail-on); 2 the request was refused as given; 3 not allowed; 4 Steward could not do it. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, forbidden: 3, unavailable: 4 } as const;

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
