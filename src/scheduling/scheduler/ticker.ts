import cron from 'node-cron';

/** Something that wakes the scheduler: node-cron in production, a hand-driven fake in tests. */
export interface Ticker {
  /** Call `fn` on every match of the cron expression in `tz`, with the slot node-cron fired for. */
  cron(expr: string, tz: string, name: string, fn: (slot: Date) => void): TickHandle;
  /** Call `fn` every `ms` milliseconds. */
  every(ms: number, fn: () => void): TickHandle;
}

export interface TickHandle {
  stop(): void;
}

/** node-cron 4: one task per schedule (its timezone option reads the cron in that zone). */
export const nodeCronTicker: Ticker = {
  cron(expr, tz, name, fn) {
    const task = cron.createTask(expr, (ctx) => fn(ctx.date), { timezone: tz, name, suppressMissedWarning: true });
    void task.start();
    return { stop: () => void task.destroy() };
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    return { stop: () => clearInterval(t) };
  },
};
