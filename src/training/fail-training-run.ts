import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { SYSTEM_WHO, auditInput } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import { type TrainingRun, trainingRef } from './domain/training-run.js';

/**
 * A run's pipeline failed (an error answer, a failed workflow run, the receiver's callback, the
 * deadline): `running` (or `requested`) -> `failed`, audited; its card then offers [Retry].
 */
export async function failTrainingRun(deps: { readonly store: Store; readonly clock: Clock }, id: number, outcome: { readonly message: string; readonly url?: string | null }): Promise<Result<TrainingRun>> {
  const now = deps.clock.now();
  return deps.store.transaction<TrainingRun>(async (tx) => {
    const run = await tx.trainingRuns.byIdForUpdate(id);
    if (!run) return err('not_found', `There is no training run #${id}.`);
    if (run.status !== 'running' && run.status !== 'requested') return err('conflict', `Training run #${id} is ${run.status.replace('_', ' ')}, not running.`);
    const failed = await tx.trainingRuns.update(id, { status: 'failed', finishedAt: now, message: outcome.message, leaseOwner: null, leaseUntil: null, ...(outcome.url ? { targetUrl: outcome.url } : {}) });
    await tx.audit.append(auditInput(SYSTEM_WHO, 'training.failed', `training:${id}`, { model: run.modelName, attempts: run.attempts, message: outcome.message, durationMs: run.startedAt ? now.getTime() - run.startedAt.getTime() : null }), now);
    tx.emit({ type: 'training.finished', ...trainingRef(failed), status: 'failed', version: null });
    return ok(failed);
  });
}
