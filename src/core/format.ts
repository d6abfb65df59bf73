/** "2026-11-27 16:05 UTC" — one unambiguous format everywhere (messages, cards, reports). */
export function fmtTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A number as people read it: integers as they are, 4 significant digits, exponents when tiny or huge. */
export function fmtNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return n.toExponential(3);
  return String(Number(n.toPrecision(4)));
}
