/**
 * Profile periods. New profiles are hourly; once a UTC day is more than HOURLY_DAYS days behind
 * today, its hourly profiles are folded into one row for the day (keyed by the day's start), so a
 * 30-day report merges about 30 + 24·HOURLY_DAYS profiles, whatever the traffic. A report window
 * starts at the top of an hour, or at the start of a day where the window reaches folded days.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const HOURLY_DAYS = 3;

export const hourStart = (t: Date): Date => new Date(Math.floor(t.getTime() / HOUR_MS) * HOUR_MS);
export const dayStart = (t: Date): Date => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);

/** Before this, days are folded. */
export const foldedBefore = (now: Date): Date => new Date(dayStart(now).getTime() - HOURLY_DAYS * DAY_MS);

/** The period a time falls in, as of `now`: its hour, or its day when that day is folded. */
export function periodOf(t: Date, now: Date): { start: Date; ms: number } {
  return t.getTime() < foldedBefore(now).getTime() ? { start: dayStart(t), ms: DAY_MS } : { start: hourStart(t), ms: HOUR_MS };
}

/** Where a window that should start at `from` starts: the start of its period. */
export const windowStart = (from: Date, now: Date): Date => periodOf(from, now).start;
