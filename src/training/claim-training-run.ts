import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { SYSTEM_WHO, auditInput } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import { type TrainingRun, trainingRef } from './domain/training-run.js';

export type TrainingClaim = { readonly kind: 'start'; readonly run: TrainingRun } | { readonly kind: 'skip'; readonly why: string };

/**
 * Take a run ready for its pipeline: `requested` -> `running` (audited), with a lease and its
 * deadline. The row lock and the status check make one process win across replicas.
 */
export async function claimTrainingRun(deps: { readonly store: Store; readonly clock: Clock }, id: number, owner: string, o: { readonly leaseMs: number; readonly deadlineMs: number }): Promise<Result<TrainingClaim>> {
  const now = deps.clock.now();
  return deps.store.transaction<TrainingClaim>(async (tx) => {
    const run = await tx.trainingRuns.byIdForUpdate(id);
    if (!run) return err('not_found', `There is no training run #${id}.`);
    if (run.status !== 'requested') return ok({ kind: 'skip', why: `status is ${run.status}` });
    const started = await tx.trainingRuns.update(id, { status: 'running', startedAt: now, deadlineAt: new Date(now.getTime() + o.deadlineMs), leaseOwner: owner, leaseUntil: new Date(now.getTime() + o.leaseMs) });
    await tx.audit.append(auditInput(SYSTEM_WHO, 'training.started', `training:${id}`, { model: run.modelName, owner, pipeline: run.pipeline, deadlineAt: started.deadlineAt!.toISOString() }), now);
    tx.emit({ type: 'training.updated', ...trainingRef(started) });
    return ok({ kind: 'start', run: started });
  });
}
