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

/** "5 min ago", "3 h ago": how long before `now`. */
export function ago(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** "1 row", "3 rows": a count with its noun, singular for exactly one. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
