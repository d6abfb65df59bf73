import type { Clock } from '../../core/clock.js';
import type { Policy } from '../../governance/domain/policy.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import type { MlflowRegistryConfig } from '../domain/mirror-config.js';
import type { RegistrySource } from '../domain/registry-source.js';
import { fetchPendingRuns } from '../fetch-pending-runs.js';
import { syncRegistry } from '../sync-registry.js';

export const MIRROR_SYNC_JOB = 'mlflow-sync';

export interface MirrorLoopPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: { readonly registry?: MlflowRegistryConfig | null; readonly policies: Readonly<Record<string, Policy>> };
  readonly source: RegistrySource;
}

/**
 * Reconciliation with MLflow (what webhooks missed: they are a fast path, never the only one): once
 * per `registry.reconcile` period on whichever replica claims the period's slot in the run ledger
 * first, then the run metrics still pending. The first pass runs right after start.
 */
export function startMirrorLoop(p: MirrorLoopPorts, owner: string): { stop(): Promise<void>; pass(): Promise<void> } {
  const every = p.config.registry!.reconcileMs;
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = async () => {
    const now = p.clock.now();
    const slotAt = new Date(Math.floor(now.getTime() / every) * every);
    const claimed = await p.store.read.runs.claimNew({ job: MIRROR_SYNC_JOB, scheduleId: null, slotAt, by: owner, now, leaseUntil: new Date(now.getTime() + every) });
    if (claimed) {
      const r = await syncRegistry(p);
      if (!r.ok) p.log.warn({ error: r.error.message }, 'MLflow reconciliation failed; trying again next period');
      else if (r.value.added.length || r.value.deleted.length || r.value.outOfBand.length || r.value.problems.length) p.log.info({ ...r.value }, 'MLflow reconciled');
      await p.store.read.runs.finish(claimed.id, owner, { state: r.ok ? 'done' : 'failed', at: p.clock.now(), error: r.ok ? null : r.error.message });
    }
    const filled = await fetchPendingRuns(p);
    if (filled) p.log.info({ versions: filled }, 'fetched pending MLflow run metrics');
  };
  const tick = () => {
    if (stopped || running) return;
    running = pass()
      .catch((err: unknown) => p.log.error({ err }, 'MLflow reconciliation pass failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, Math.min(every, 60_000));
  timer.unref();
  tick();
  return {
    pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
