import type { CliIo } from './cli-io.js';

export interface StopSignal {
  /** the signal that asked Steward to stop, once one has */
  readonly asked: NodeJS.Signals | null;
  /** resolves with the first stop signal */
  readonly requested: Promise<NodeJS.Signals>;
  /** stops listening (a start that failed on its own) */
  dispose(): void;
}

/**
 * SIGTERM and SIGINT for `steward start`, listened to from its first line: a stop asked while Steward
 * is still starting (a rolling deploy, a crash loop) is kept, to be honoured once everything it stops
 * exists, rather than killing the process mid-migration. Whatever starting and stopping then do, the
 * process ends within `graceMs` of the signal — exit 1 with one line saying so — inside a supervisor's
 * kill timeout (Kubernetes waits 30 s).
 */
export function stopSignal(io: CliIo, graceMs: number, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): StopSignal {
  let asked: NodeJS.Signals | null = null;
  let wake!: (s: NodeJS.Signals) => void;
  const requested = new Promise<NodeJS.Signals>((r) => (wake = r));
  const on = (s: NodeJS.Signals) => {
    if (asked) return; // already stopping; the deadline below ends it
    asked = s;
    setTimeout(() => {
      io.err(`steward: stopping took longer than ${Math.round(graceMs / 1000)} s after ${s}; exiting without waiting for the rest.`);
      process.exit(1);
    }, graceMs).unref();
    wake(s);
  };
  for (const s of signals) process.on(s, on);
  return {
    get asked() {
      return asked;
    },
    requested,
    dispose: () => {
      for (const s of signals) process.off(s, on);
    },
  };
}

/** One part of stopping: a failure is logged and the parts after it still run. */
export type StopStep = readonly [what: string, run: () => unknown];

/** Runs the steps in order; true when every one finished without throwing. */
export async function runStopSteps(steps: readonly StopStep[], onError: (what: string, err: unknown) => void): Promise<boolean> {
  let clean = true;
  for (const [what, run] of steps) {
    try {
      await run();
    } catch (err) {
      clean = false;
      onError(what, err);
    }
  }
  return clean;
}
