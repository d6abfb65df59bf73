import type { FreezeWindow, Weekday } from './policy.js';

const DAY_INDEX: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekday and minutes since midnight of `at` in `timeZone` (Intl is pure computation, no I/O). */
export function localTime(at: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: DAY_INDEX[get('weekday')]!, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The freeze window in force at `at`, if any. A window from 22:00 to 06:00 on fri covers Friday 22:00
 * until Saturday 06:00 (it belongs to the day it starts).
 */
export function activeFreeze(at: Date, windows: readonly FreezeWindow[]): FreezeWindow | null {
  for (const w of windows) {
    const { day, minutes } = localTime(at, w.timezone);
    const from = toMin(w.from);
    const to = toMin(w.to);
    if (from < to) {
      if (w.days.includes(day) && minutes >= from && minutes < to) return w;
    } else {
      const yesterday = ORDER[(ORDER.indexOf(day) + 6) % 7]!;
      if ((w.days.includes(day) && minutes >= from) || (w.days.includes(yesterday) && minutes < to)) return w;
    }
  }
  return null;
}

export const describeFreeze = (w: FreezeWindow): string => `${w.days.join(', ')} ${w.from}–${w.to} ${w.timezone}${w.reason ? ` (${w.reason})` : ''}`;
