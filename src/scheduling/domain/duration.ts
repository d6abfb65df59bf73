/** Durations as people type them: 30s, 15m, 24h, 7d, 2w. Pure. */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const UNIT_NAMES: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };

/** Seconds, or null when the text is not `<number><s|m|h|d|w>`. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})\s*([smhdw])$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n * UNIT_SECONDS[m[2]!.toLowerCase()]! : null;
}

/** The largest whole unit up to days: 604800 -> "7d", 5400 -> "90m". */
export function fmtDuration(seconds: number): string {
  for (const u of ['d', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[u]!;
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${u}`;
  }
  return `${seconds}s`;
}

/** "7 days", "1 hour" — for sentences. */
export function describeDuration(seconds: number): string {
  const short = fmtDuration(seconds);
  const n = Number(short.slice(0, -1));
  const unit = UNIT_NAMES[short.slice(-1)]!;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
