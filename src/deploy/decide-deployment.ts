import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import type { Policy } from '../governance/domain/policy.js';
import { type Deployment, eventRef } from './domain/deployment.js';
import { gateBlock, refuseDecision, tally, type Tally } from './domain/approval-rules.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

export interface DecisionOutcome {
  readonly deployment: Deployment;
  /** this decision completed the quorum */
  readonly approved: boolean;
  /** the request had expired: it was marked so (committed) and the decision was not recorded */
  readonly expired: boolean;
  /** the approvals after this decision (null when it was rejected or had expired) */
  readonly tally: Tally | null;
}

/**
 * Approve, reject, or approve an override — re-authorized from the database at decision time, under
 * a row lock on the request, so N concurrent approvals produce exactly one transition to approved.
 */
export async function decideDeployment(deps: { readonly store: Store; readonly clock: Clock; readonly config: { readonly policies: Readonly<Record<string, Policy>> } }, who: AuditWho, actorRoles: readonly string[], input: { id: number; kind: 'approve' | 'reject' | 'override'; reason: string | null }): Promise<Result<DecisionOutcome>> {
  const now = deps.clock.now();
  return deps.store.transaction<DecisionOutcome>(async (tx) => {
    const d = await tx.deployments.byIdForUpdate(input.id);
    if (!d) return err('not_found', `There is no deployment request #${input.id}; see /mlops approvals for pending ones.`);
    const policy = deps.config.policies[d.environment];
    if (!policy) return err('conflict', `Request #${d.id} is for ${d.environment}, which is no longer configured.`);
    if (d.status === 'awaiting_approval' && d.expiresAt && now.getTime() >= d.expiresAt.getTime()) {
      const expired = await tx.deployments.update(d.id, { status: 'expired', finishedAt: now, reason: 'no quorum before the expiry' });
      await tx.audit.append(auditInput(who, 'deploy.expired', `deployment:${d.id}`, { expiresAt: d.expiresAt.toISOString(), noticedBy: input.kind }), now);
      tx.emit({ type: 'deployment.updated', ...eventRef(expired) });
      return ok({ deployment: expired, approved: false, expired: true, tally: null });
    }
    const decisions = await tx.decisions.list(d.id);
    const refusal = refuseDecision({ deployment: d, decisions, actor: who.actor, actorRoles, policy, kind: input.kind, reason: input.reason, now });
    if (refusal) return err(refusal.code, refusal.message);
    const decision = { deploymentId: d.id, actor: who.actor, kind: input.kind, reason: input.reason, at: now };
    if (!(await tx.decisions.add(decision))) return err('conflict', `You already decided on request #${d.id}; one person counts once.`);
    if (input.kind === 'reject') {
      const rejected = await tx.deployments.update(d.id, { status: 'rejected', finishedAt: now, reason: input.reason });
      await tx.audit.append(auditInput(who, 'deploy.rejected', `deployment:${d.id}`, { reason: input.reason, withdrawn: who.actor === d.requestedBy }), now);
      tx.emit({ type: 'deployment.rejected', ...eventRef(rejected), actor: who.actor });
      return ok({ deployment: rejected, approved: false, expired: false, tally: null });
    }
    const t = tally(d, [...decisions, decision]);
    const updated = await tx.deployments.update(d.id, { approvedBy: [...t.approvers, ...(t.overrideBy ? [t.overrideBy] : [])], ...(t.approved ? { status: 'approved' as const } : {}) });
    const blocked = gateBlock(updated, t);
    await tx.audit.append(
      auditInput(who, input.kind === 'override' ? 'deploy.override_approved' : 'deploy.approved', `deployment:${d.id}`, {
        approvals: t.approvers.length,
        needed: t.needed,
        gatesPassed: t.gatesOk,
        override: t.overrideBy !== null,
        status: updated.status,
        ...(blocked ? { blockedBy: blocked.failed.map((g) => g.name) } : {}),
      }),
      now,
    );
    tx.emit(t.approved ? { type: 'deployment.approved', ...eventRef(updated), actor: who.actor } : { type: 'deployment.updated', ...eventRef(updated) });
    return ok({ deployment: updated, approved: t.approved, expired: false, tally: t });
  });
}
