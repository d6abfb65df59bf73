import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import type { TrainingConfig } from './domain/training-config.js';
import { type TrainingRun, trainingRef } from './domain/training-run.js';

export type RetrainDecision = { readonly kind: 'approve' } | { readonly kind: 'reject'; readonly reason: string };

/**
 * Approve or reject a retrain waiting for approval, authorized against the stored run and the
 * model's training policy: an approver role, never the requester, one approval per person; the
 * approval that completes the quorum makes it ready for the runner. Locks the run row.
 */
export async function decideRetrain(
  deps: { readonly store: Store; readonly clock: Clock; readonly config: { readonly training: Readonly<Record<string, TrainingConfig>> } },
  who: AuditWho,
  actorRoles: readonly string[],
  runId: number,
  decision: RetrainDecision,
): Promise<Result<TrainingRun>> {
  const now = deps.clock.now();
  return deps.store.transaction<TrainingRun>(async (tx) => {
    const run = await tx.trainingRuns.byIdForUpdate(runId);
    if (!run) return err('not_found', `There is no training run #${runId}.`);
    if (run.status !== 'awaiting_approval') return err('conflict', `Training run #${run.id} is ${run.status.replace('_', ' ')}; only one awaiting approval can be decided.`);
    const cfg = deps.config.training[run.modelName];
    const roles = cfg?.approverRoles ?? [];
    if (!actorRoles.some((r) => roles.includes(r))) return err('forbidden', `Deciding on retraining ${run.modelName} needs the role ${roles.length ? roles.join(' or ') : '(none configured)'} (steward.yaml training.${run.modelName}.approverRoles).`);
    if (who.actor === run.requestedBy) return err('forbidden', 'You requested this retrain; someone else has to approve or reject it.');
    if (run.approvedBy.includes(who.actor)) return err('conflict', `You already approved training run #${run.id}.`);
    if (decision.kind === 'reject') {
      const done = await tx.trainingRuns.update(run.id, { status: 'rejected', finishedAt: now, message: decision.reason });
      await tx.audit.append(auditInput(who, 'training.rejected', `training:${run.id}`, { model: run.modelName, reason: decision.reason }), now);
      tx.emit({ type: 'training.finished', ...trainingRef(run), status: 'rejected', version: null });
      return ok(done);
    }
    const approvedBy = [...run.approvedBy, who.actor];
    const quorum = approvedBy.length >= run.requiredApprovals;
    const done = await tx.trainingRuns.update(run.id, { approvedBy, ...(quorum ? { status: 'requested' as const } : {}) });
    await tx.audit.append(auditInput(who, 'training.approved', `training:${run.id}`, { model: run.modelName, approvals: approvedBy.length, needed: run.requiredApprovals, status: done.status }), now);
    tx.emit(quorum ? { type: 'training.approved', ...trainingRef(run), actor: who.actor } : { type: 'training.updated', ...trainingRef(run) });
    return ok(done);
  });
}
