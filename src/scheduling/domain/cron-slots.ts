import cron from 'node-cron';
import { err, ok, type Result } from '../../core/result.js';
import { didYouMean } from '../../core/suggest.js';

/**
 * Cron slots: the instants a schedule is due, computed the same way on every replica.
 *
 * Expressions are parsed by node-cron itself (5 fields, or 6 with seconds first), so the ticker and
 * the slots agree on what each field means — including node-cron's rule that day-of-month and
 * day-of-week must both match. L, W and # are refused (not needed, and easy to get wrong).
 *
 * A slot is a whole-second instant whose wall-clock time in the schedule's time zone matches. Around
 * daylight-saving changes: a wall time that does not exist that day (spring forward) has no slot; a
 * wall time that happens twice (fall back) has one slot, the first, when the hour field is
 * restricted (e.g. "30 2 * * *" runs once) — with every hour allowed ("*\/20 * * * *", every
 * second) slots follow real time through the repeated hour, as classic cron does.
 */
export interface CronSpec {
  readonly expr: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** false when every hour is allowed: then repeated wall times count twice */
  readonly hourRestricted: boolean;
}

const FIELD_HELP: Record<string, string> = {
  second: 'second is 0–59',
  minute: 'minute is 0–59',
  hour: 'hour is 0–23',
  dayOfMonth: 'day of month is 1–31',
  month: 'month is 1–12 or jan–dec',
  dayOfWeek: 'day of week is 0–7 (0 and 7 are Sunday) or sun–sat',
};

/** Both examples are schedules chat accepts too (chat runs at most once a minute: CHAT_MIN_GAP_SECONDS). */
const EXAMPLE = 'e.g. "0 9 * * 1" (Mondays at 09:00) or "*/15 * * * *" (every 15 minutes)';

export function parseCron(input: string): Result<CronSpec> {
  const expr = input.trim().replace(/\s+/g, ' ');
  const n = expr ? expr.split(' ').length : 0;
  if (n !== 5 && n !== 6) {
    return err('bad_input', `\`${input}\` is not a cron expression: it needs 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, ${EXAMPLE}; it has ${n}.`);
  }
  const v = cron.validateDetailed(expr);
  if (!v.valid || !v.fields) {
    const e = v.errors[0];
    if (e && /impossible day/.test(e.message)) return err('bad_input', `\`${input}\` never runs: day ${e.value} does not exist in the month(s) given; ${EXAMPLE}.`);
    const help = e ? FIELD_HELP[e.field] : undefined;
    return err('bad_input', `\`${input}\` is not a valid cron expression: ${e ? `\`${e.value ?? ''}\` in the ${e.field.replace(/([A-Z])/g, ' $1').toLowerCase()} field is not allowed${help ? ` (${help})` : ''}` : 'it does not parse'}; ${EXAMPLE}.`);
  }
  const f = v.fields;
  const numeric = (xs: readonly (number | string)[]) => xs.every((x) => typeof x === 'number');
  if (!numeric(f.dayOfMonth) || !numeric(f.dayOfWeek)) {
    return err('bad_input', `\`${input}\`: L, W and # are not supported in Steward schedules; list the days instead, ${EXAMPLE}.`);
  }
  const sorted = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const hours = sorted(f.hour);
  return ok({
    expr,
    seconds: sorted(f.second),
    minutes: sorted(f.minute),
    hours,
    daysOfMonth: new Set(f.dayOfMonth as number[]),
    months: new Set(f.month),
    daysOfWeek: new Set((f.dayOfWeek as number[]).map((d) => d % 7)),
    hourRestricted: hours.length < 24,
  });
}

/** The canonical IANA name, or a one-line refusal with suggestions. */
export function checkTimezone(tz: string): Result<string> {
  try {
    return ok(new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);
  } catch {
    const zones = Intl.supportedValuesOf('timeZone');
    return err('bad_input', `\`${tz}\` is not a time zone.${didYouMean(tz, zones)} Use an IANA name such as Europe/Madrid, America/New_York or UTC.`);
  }
}

interface Wall {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  readonly dow: number;
  /** wall clock minus UTC, in ms */
  readonly offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

function wall(t: number, tz: string): Wall {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const [y, mo, d, h, mi, s] = [p.year!, p.month!, p.day!, p.hour! % 24, p.minute!, p.second!];
  const dayUtc = Date.UTC(y, mo - 1, d);
  return { y, mo, d, h, mi, s, dow: new Date(dayUtc).getUTCDay(), offset: dayUtc + ((h * 60 + mi) * 60 + s) * 1000 - t };
}

const sameWall = (a: Wall, b: Wall) => a.y === b.y && a.mo === b.mo && a.d === b.d && a.h === b.h && a.mi === b.mi && a.s === b.s;
const dayOk = (c: CronSpec, w: Wall) => c.months.has(w.mo) && c.daysOfMonth.has(w.d) && c.daysOfWeek.has(w.dow);

/** The second pass through a repeated wall time (fall back) is not a slot when hours are restricted. */
function isRepeat(c: CronSpec, t: number, w: Wall, tz: string): boolean {
  if (!c.hourRestricted) return false;
  const before = wall(t - 6 * 3_600_000, tz);
  if (before.offset <= w.offset) return false;
  return sameWall(wall(t - (before.offset - w.offset), tz), w);
}

const matches = (c: CronSpec, w: Wall) => dayOk(c, w) && c.hours.includes(w.h) && c.minutes.includes(w.mi) && c.seconds.includes(w.s);

export function isSlot(c: CronSpec, tz: string, at: Date): boolean {
  const t = at.getTime();
  if (t % 1000 !== 0) return false;
  const w = wall(t, tz);
  return matches(c, w) && !isRepeat(c, t, w, tz);
}

/**
 * Move by the first of `jumps` (seconds, signed) that lands on the same UTC offset — local-time
 * arithmetic is exact then — or by the last one, which is always within or to the edge of the
 * current minute (offsets change on whole minutes).
 */
function jump(t: number, w: Wall, tz: string, jumps: readonly number[]): [number, Wall] {
  for (let i = 0; i < jumps.length; i++) {
    const t2 = t + jumps[i]! * 1000;
    const w2 = wall(t2, tz);
    if (w2.offset === w.offset || i === jumps.length - 1) return [t2, w2];
  }
  throw new Error('no jump');
}

const largestBelow = (xs: readonly number[], v: number) => {
  for (let i = xs.length - 1; i >= 0; i--) if (xs[i]! < v) return xs[i]!;
  return null;
};
const smallestAbove = (xs: readonly number[], v: number) => xs.find((x) => x > v) ?? null;

/** The latest slot at or before `at`, not earlier than `notBefore`; null when there is none. */
export function latestSlot(c: CronSpec, tz: string, at: Date, notBefore: Date): Date | null {
  let t = Math.floor(at.getTime() / 1000) * 1000;
  let w = wall(t, tz);
  const floor = notBefore.getTime();
  while (t >= floor) {
    const toMinuteEnd = -(w.s + 1);
    const toHourEnd = -(w.mi * 60 + w.s + 1);
    const toDayEnd = -(w.h * 3600 + w.mi * 60 + w.s + 1);
    if (!dayOk(c, w)) [t, w] = jump(t, w, tz, [toDayEnd, toHourEnd, toMinuteEnd]);
    else if (!c.hours.includes(w.h)) {
      const h = largestBelow(c.hours, w.h);
      [t, w] = jump(t, w, tz, [h === null ? toDayEnd : toHourEnd - (w.h - h - 1) * 3600, toHourEnd, toMinuteEnd]);
    } else if (!c.minutes.includes(w.mi)) {
      const m = largestBelow(c.minutes, w.mi);
      [t, w] = jump(t, w, tz, [m === null ? toHourEnd : toMinuteEnd - (w.mi - m - 1) * 60, toMinuteEnd]);
    } else if (!c.seconds.includes(w.s)) {
      const s = largestBelow(c.seconds, w.s);
      [t, w] = jump(t, w, tz, [s === null ? toMinuteEnd : s - w.s]);
    } else if (isRepeat(c, t, w, tz)) [t, w] = jump(t, w, tz, [-1]);
    else return new Date(t);
  }
  return null;
}

/** The first slot strictly after `after`, within `horizonDays`; null when there is none. */
export function nextSlot(c: CronSpec, tz: string, after: Date, horizonDays = 366 * 5): Date | null {
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000;
  let w = wall(t, tz);
  const limit = t + horizonDays * 86_400_000;
  while (t <= limit) {
    const toMinuteStart = 60 - w.s;
    const toHourStart = 3600 - (w.mi * 60 + w.s);
    const toDayStart = 86_400 - (w.h * 3600 + w.mi * 60 + w.s);
    if (!dayOk(c, w)) [t, w] = jump(t, w, tz, [toDayStart, toHourStart, toMinuteStart]);
    else if (!c.hours.includes(w.h)) {
      const h = smallestAbove(c.hours, w.h);
      [t, w] = jump(t, w, tz, [h === null ? toDayStart : toHourStart + (h - w.h - 1) * 3600, toHourStart, toMinuteStart]);
    } else if (!c.minutes.includes(w.mi)) {
      const m = smallestAbove(c.minutes, w.mi);
      [t, w] = jump(t, w, tz, [m === null ? toHourStart : toMinuteStart + (m - w.mi - 1) * 60, toMinuteStart]);
    } else if (!c.seconds.includes(w.s)) {
      const s = smallestAbove(c.seconds, w.s);
      [t, w] = jump(t, w, tz, [s === null ? toMinuteStart : s - w.s]);
    } else if (isRepeat(c, t, w, tz)) [t, w] = jump(t, w, tz, [1]);
    else return new Date(t);
  }
  return null;
}

/** The next `n` slots after `after`. */
export function nextSlots(c: CronSpec, tz: string, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let from = after;
  for (let i = 0; i < n; i++) {
    const s = nextSlot(c, tz, from);
    if (!s) break;
    out.push(s);
    from = s;
  }
  return out;
}

/** The shortest gap between consecutive slots among the next `n` (seconds); Infinity with fewer than two. */
export function shortestGapSeconds(c: CronSpec, tz: string, after: Date, n = 6): number {
  const s = nextSlots(c, tz, after, n);
  let gap = Infinity;
  for (let i = 1; i < s.length; i++) gap = Math.min(gap, (s[i]!.getTime() - s[i - 1]!.getTime()) / 1000);
  return gap;
}

/** "2026-11-30 09:00 Europe/Madrid" — a slot as the schedule's own clock shows it (seconds when not :00). */
export function fmtLocal(d: Date, tz: string): string {
  const w = wall(d.getTime(), tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}${w.s ? `:${p(w.s)}` : ''} ${tz}`;
}
