import type { Clock } from '../core/clock.js';
import { ok } from '../core/result.js';
import { SYSTEM_WHO, auditInput } from '../governance/audit-who.js';
import type { Store, TrainingRunPatch } from '../ports/store.js';
import { trainingRef } from './domain/training-run.js';

export type TrainingProgress = Pick<TrainingRunPatch, 'attempts' | 'targetRef' | 'targetUrl' | 'message'>;

/**
 * What the pipeline said while a run is running: attempts, where to follow it (run id, URL), its
 * last message. Fenced on the lease owner when one is given (the runner); the signed callback gives
 * none. A new pipeline reference is audited; any change refreshes the card. False when the run is
 * no longer running (or another process holds it).
 */
export async function noteTrainingProgress(deps: { readonly store: Store; readonly clock: Clock }, id: number, progress: TrainingProgress, lease?: { readonly owner: string; readonly leaseMs: number }): Promise<boolean> {
  const now = deps.clock.now();
  const r = await deps.store.transaction<boolean>(async (tx) => {
    const run = await tx.trainingRuns.byIdForUpdate(id);
    if (!run || run.status !== 'running' || (lease && run.leaseOwner !== lease.owner)) return ok(false);
    const changed = (Object.keys(progress) as (keyof TrainingProgress)[]).some((k) => progress[k] !== undefined && progress[k] !== run[k]);
    const updated = await tx.trainingRuns.update(id, { ...progress, ...(lease ? { leaseUntil: new Date(now.getTime() + lease.leaseMs) } : {}) });
    if (progress.targetRef !== undefined && progress.targetRef !== run.targetRef) {
      await tx.audit.append(auditInput(SYSTEM_WHO, 'training.progress', `training:${id}`, { model: run.modelName, targetRef: progress.targetRef, targetUrl: progress.targetUrl ?? run.targetUrl, message: progress.message ?? null }), now);
    }
    if (changed) tx.emit({ type: 'training.updated', ...trainingRef(updated) });
    return ok(true);
  });
  return r.ok && r.value;
}
