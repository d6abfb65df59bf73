import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type DeploymentProgress, progressChanged } from './domain/deployment-progress.js';
import { readDeployment } from './read-deployment.js';

export interface AwaitPorts {
  readonly store: Pick<Store, 'read'>;
  readonly clock: Clock;
  /** waits `ms` (a port, so that tests can run the loop without waiting) */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface AwaitOptions {
  /** give up at this time (null: wait until the deployment ends) */
  readonly until: Date | null;
  /** how often to read the deployment */
  readonly pollMs: number;
  /** return at the first change instead of at the end (the API's long poll) */
  readonly firstChange?: boolean;
  /** the reading a change is measured from (default: the first one this wait makes) */
  readonly from?: DeploymentProgress;
  /** told each reading that differs from the one before (the first reading included, with `before` null) */
  readonly onChange?: (before: DeploymentProgress | null, now: DeploymentProgress) => void;
  /** stop early (e.g. the process is shutting down): answers with what was last read, not timed out */
  readonly stop?: () => boolean;
  /** how long reads may keep failing before the wait gives up as unavailable (default 60 s) */
  readonly tolerateFailuresMs?: number;
}

export interface AwaitResult {
  readonly progress: DeploymentProgress;
  /** the time ran out before the deployment ended (or, with firstChange, before it changed) */
  readonly timedOut: boolean;
}

/**
 * Reads a deployment every `pollMs` until it ends (succeeded, rejected, expired, failed, cancelled),
 * changes (`firstChange`) or the time runs out. A read that fails (the database restarting) is
 * retried until `tolerateFailuresMs` of failures in a row; an unknown deployment is not_found at once.
 */
export async function awaitDeployment(p: AwaitPorts, id: number, o: AwaitOptions): Promise<Result<AwaitResult>> {
  let last: DeploymentProgress | null = o.from ?? null;
  let failingSince: number | null = null;
  for (;;) {
    let r: Result<DeploymentProgress> | null = null;
    try {
      r = await readDeployment(p, id);
      failingSince = null;
    } catch (e) {
      const now = p.clock.now().getTime();
      failingSince ??= now;
      if (now - failingSince >= (o.tolerateFailuresMs ?? 60_000)) return err('unavailable', `Cannot read deployment #${id}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
    if (r && !r.ok) return r;
    if (r) {
      const now = r.value;
      const changed = last === null || progressChanged(last, now);
      if (changed) o.onChange?.(last, now);
      if (now.outcome !== null || (o.firstChange && last !== null && changed)) return ok({ progress: now, timedOut: false });
      last = now;
    }
    if (o.stop?.()) return last ? ok({ progress: last, timedOut: false }) : err('unavailable', `Stopped before deployment #${id} could be read.`);
    const left = o.until === null ? o.pollMs : o.until.getTime() - p.clock.now().getTime();
    if (left <= 0) return last ? ok({ progress: last, timedOut: true }) : err('unavailable', `Cannot read deployment #${id} before the time ran out.`);
    await p.sleep(Math.min(o.pollMs, left));
  }
}
