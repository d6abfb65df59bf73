import type { Clock } from '../../src/core/clock.js';

/** A clock that only moves when told to. */
export class FixedClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-11-27T12:00:00.000Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(d: Date | string): void {
    this.t = new Date(d).getTime();
  }
}
