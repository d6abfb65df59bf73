import type { Ticker } from '../../src/scheduling/scheduler/ticker.js';

/** A ticker the test drives: it fires a schedule's slot by hand, and never fires by itself. */
export class ManualTicker implements Ticker {
  readonly crons = new Map<string, { expr: string; tz: string; fn: (slot: Date) => void; stopped: boolean }>();
  readonly intervals: { ms: number; fn: () => void; stopped: boolean }[] = [];

  cron(expr: string, tz: string, name: string, fn: (slot: Date) => void) {
    const entry = { expr, tz, fn, stopped: false };
    this.crons.set(name, entry);
    return { stop: () => void (entry.stopped = true) };
  }

  every(ms: number, fn: () => void) {
    const entry = { ms, fn, stopped: false };
    this.intervals.push(entry);
    return { stop: () => void (entry.stopped = true) };
  }

  /** Names of the schedule tickers currently running. */
  running(): string[] {
    return [...this.crons].filter(([, c]) => !c.stopped).map(([n]) => n);
  }

  fire(name: string, slot: Date | string): void {
    const c = this.crons.get(name);
    if (!c || c.stopped) throw new Error(`no running ticker ${name}`);
    c.fn(new Date(slot));
  }
}
