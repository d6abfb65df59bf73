/** Report windows like "7d", "24h", "90m", "2w": how far back from now a report looks. */
export const WINDOW_RE = /^(\d{1,4})(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export const MAX_WINDOW_MS = 366 * 86_400_000;

export function parseWindow(s: string): { ms: number; label: string } | null {
  const m = WINDOW_RE.exec(s.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms <= 0 || ms > MAX_WINDOW_MS) return null;
  return { ms, label: `${m[1]}${m[2]}` };
}
