import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { checkTimezone, type CronSpec, fmtLocal, isSlot, latestSlot, nextSlot, nextSlots, parseCron, shortestGapSeconds } from '../../../src/scheduling/domain/cron-slots.js';

const spec = (e: string): CronSpec => {
  const r = parseCron(e);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const iso = (ds: readonly (Date | null)[]) => ds.map((d) => d?.toISOString() ?? null);
const MADRID = 'Europe/Madrid';
const far = new Date('2000-01-01T00:00:00Z');

const bad31 = () => {
  const r = parseCron('0 0 31 2 *');
  return r.ok ? 'accepted' : r.error.message;
};

describe('cron slots', () => {
  it('reads the cron in the schedule time zone: Monday 09:00 in Madrid is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    const s = spec('0 9 * * 1');
    expect(iso(nextSlots(s, MADRID, new Date('2026-11-27T12:00:00Z'), 2))).toEqual(['2026-11-30T08:00:00.000Z', '2026-12-07T08:00:00.000Z']);
    expect(iso(nextSlots(s, MADRID, new Date('2026-06-01T12:00:00Z'), 1))).toEqual(['2026-06-08T07:00:00.000Z']);
    expect(latestSlot(s, MADRID, new Date('2026-11-27T12:00:00Z'), far)?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('skips a daily 02:30 on the spring-forward day in Madrid (02:00–03:00 does not exist on 2026-03-29)', () => {
    const s = spec('30 2 * * *');
    expect(iso(nextSlots(s, MADRID, new Date('2026-03-27T12:00:00Z'), 3))).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
    expect(latestSlot(s, MADRID, new Date('2026-03-29T23:00:00Z'), far)?.toISOString()).toBe('2026-03-28T01:30:00.000Z');
  });

  it('runs a daily 02:30 once on the fall-back day in Madrid (02:30 happens twice on 2026-10-25), at the first occurrence', () => {
    const s = spec('30 2 * * *');
    expect(iso(nextSlots(s, MADRID, new Date('2026-10-24T12:00:00Z'), 3))).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
    expect(latestSlot(s, MADRID, new Date('2026-10-25T12:00:00Z'), far)?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(isSlot(s, MADRID, new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isSlot(s, MADRID, new Date('2026-10-25T01:30:00Z'))).toBe(false);
  });

  it('keeps every-20-minutes schedules on real time through the repeated hour (six slots in the two hours 00:00–02:00 UTC)', () => {
    const s = spec('*/20 * * * *');
    expect(iso(nextSlots(s, MADRID, new Date('2026-10-24T23:59:59Z'), 7))).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:20:00.000Z',
      '2026-10-25T00:40:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:20:00.000Z',
      '2026-10-25T01:40:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    // and through the missing hour in spring: 01:40 UTC is 03:40 CEST, right after 00:40 UTC (01:40 CET)
    expect(iso(nextSlots(s, MADRID, new Date('2026-03-29T00:30:00Z'), 3))).toEqual(['2026-03-29T00:40:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:20:00.000Z']);
  });

  it('supports 6-field crons with seconds: every second, every 15 seconds, second 30 of minute 5', () => {
    expect(iso(nextSlots(spec('* * * * * *'), 'UTC', new Date('2026-11-27T12:00:00.400Z'), 3))).toEqual(['2026-11-27T12:00:01.000Z', '2026-11-27T12:00:02.000Z', '2026-11-27T12:00:03.000Z']);
    expect(iso(nextSlots(spec('*/15 * * * * *'), 'UTC', new Date('2026-11-27T12:00:07Z'), 3))).toEqual(['2026-11-27T12:00:15.000Z', '2026-11-27T12:00:30.000Z', '2026-11-27T12:00:45.000Z']);
    expect(latestSlot(spec('30 5 * * * *'), MADRID, new Date('2026-11-27T12:04:00Z'), far)?.toISOString()).toBe('2026-11-27T11:05:30.000Z');
    expect(latestSlot(spec('* * * * * *'), 'UTC', new Date('2026-11-27T12:00:00.999Z'), far)?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(shortestGapSeconds(spec('*/10 * * * * *'), 'UTC', new Date('2026-11-27T12:00:00Z'))).toBe(10);
  });

  it('gives the same slot for any instant inside the slot second, so replicas whose ticks are milliseconds apart agree', () => {
    const s = spec('* * * * * *');
    const slots = new Set([0, 3, 250, 999].map((ms) => latestSlot(s, 'UTC', new Date(Date.parse('2026-11-27T12:00:05Z') + ms), far)!.toISOString()));
    expect([...slots]).toEqual(['2026-11-27T12:00:05.000Z']);
  });

  it('follows node-cron on what each field means, including its rule that day-of-month and day-of-week must both match', () => {
    const s = spec('0 0 1-7 * 1'); // the first Monday of the month, in node-cron
    expect(iso(nextSlots(s, 'UTC', new Date('2026-11-01T00:00:00Z'), 2))).toEqual(['2026-11-02T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
  });

  it('agrees with node-cron on every minute of three days around the Madrid fall-back change, except the second 02:30', () => {
    for (const [expr, zone, extra] of [
      ['*/7 * * * *', MADRID, []],
      ['30 2 * * *', MADRID, ['2026-10-25T01:30:00.000Z']], // node-cron matches the repeated 02:30 too; a slot is the first only
      ['15,45 */3 * * *', 'America/New_York', []],
      ['0 12 * * 1-5', 'Australia/Lord_Howe', []],
      ['*/5 9-17 * * *', 'Asia/Kolkata', []],
    ] as const) {
      const s = spec(expr);
      const task = cron.createTask(expr, () => {}, { timezone: zone });
      const ours: string[] = [];
      const theirs: string[] = [];
      for (let t = Date.parse('2026-10-24T00:00:00Z'); t < Date.parse('2026-10-27T00:00:00Z'); t += 60_000) {
        const d = new Date(t);
        if (isSlot(s, zone, d)) ours.push(d.toISOString());
        if (task.match(d)) theirs.push(d.toISOString());
      }
      void task.destroy();
      expect(theirs).toEqual([...ours, ...extra].sort());
      // walking slot to slot finds exactly those
      expect(iso(nextSlots(s, zone, new Date(Date.parse('2026-10-24T00:00:00Z') - 1000), ours.length))).toEqual(ours);
      expect(latestSlot(s, zone, new Date('2026-10-26T23:59:59Z'), far)?.toISOString()).toBe(ours[ours.length - 1]);
    }
  });

  it('refuses a bad expression or zone with one line that says what to type', () => {
    const bad = (e: string) => {
      const r = parseCron(e);
      return r.ok ? 'accepted' : r.error.message;
    };
    expect(bad('61 * * * *')).toMatch(/`61` in the minute field is not allowed \(minute is 0–59\)/);
    expect(bad('0 9 * *')).toMatch(/needs 5 fields .* it has 4/);
    expect(bad('0 9 * * 1 2 3')).toMatch(/it has 7/);
    expect(bad('0 0 L * *')).toMatch(/L, W and # are not supported/);
    expect(bad('0 25 * * *')).toMatch(/hour field/);
    for (const e of ['61 * * * *', '0 9 * *', '0 0 L * *']) expect(bad(e)).not.toContain('\n');
    const tz = checkTimezone('Europe/Madird');
    expect(tz.ok ? 'accepted' : tz.error.message).toMatch(/^`Europe\/Madird` is not a time zone\. Did you mean `Europe\/Madrid`.*\? Use an IANA name such as Europe\/Madrid, America\/New_York or UTC\.$/);
    expect(checkTimezone('europe/madrid')).toEqual({ ok: true, value: 'Europe/Madrid' });
  });

  it('returns no slot for a date that never comes, and formats slots in the schedule zone', () => {
    // Feb 29 on a Monday: next in 2044, beyond the default five-year horizon
    expect(nextSlot(spec('0 0 29 2 1'), 'UTC', new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(nextSlot(spec('0 0 29 2 1'), 'UTC', new Date('2026-01-01T00:00:00Z'), 366 * 20)?.toISOString()).toBe('2044-02-29T00:00:00.000Z');
    expect(bad31()).toMatch(/never runs: day 31 does not exist/);
    expect(fmtLocal(new Date('2026-11-30T08:00:00Z'), MADRID)).toBe('2026-11-30 09:00 Europe/Madrid');
    expect(fmtLocal(new Date('2026-11-30T08:00:05Z'), 'UTC')).toBe('2026-11-30 08:00:05 UTC');
  });
});
