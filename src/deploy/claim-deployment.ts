import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { type Deployment, eventRef } from './domain/deployment.js';
import { shortName } from '../governance/domain/actor.js';
import { err, ok, type Result } from '../core/result.js';
import { auditInput } from '../governance/audit-who.js';

import { SYSTEM_WHO } from '../governance/audit-who.js';
export { SYSTEM_WHO };

export type Claim = { kind: 'start'; deployment: Deployment } | { kind: 'resume'; deployment: Deployment } | { kind: 'skip'; why: string };

/**
 * Take a deployment to run: `approved` -> `running` (audited), or take over a `running` one whose
 * lease expired (its process died). The database refuses a second running deployment of the same
 * model and environment (unique partial index), so this holds across processes.
 */
export async function claimDeployment(deps: { readonly store: Store; readonly clock: Clock }, id: number, owner: string, o: { leaseMs: number; deadlineMs: number }): Promise<Result<Claim>> {
  const now = deps.clock.now();
  try {
    return await deps.store.transaction<Claim>(async (tx) => {
      const d = await tx.deployments.byIdForUpdate(id);
      if (!d) return err('not_found', `There is no deployment #${id}.`);
      const lease = { leaseOwner: owner, leaseUntil: new Date(now.getTime() + o.leaseMs) };
      if (d.status === 'running') {
        if (d.leaseUntil && d.leaseUntil.getTime() > now.getTime() && d.leaseOwner !== owner) return ok({ kind: 'skip', why: `running under ${d.leaseOwner}` });
        const resumed = await tx.deployments.update(id, lease);
        await tx.audit.append(auditInput(SYSTEM_WHO, 'deploy.resumed', `deployment:${id}`, { previousOwner: d.leaseOwner, owner, targetRef: d.targetRef }), now);
        tx.emit({ type: 'deployment.updated', ...eventRef(resumed) });
        return ok({ kind: 'resume', deployment: resumed });
      }
      if (d.status !== 'approved') return ok({ kind: 'skip', why: `status is ${d.status}` });
      if (d.leaseUntil && d.leaseUntil.getTime() > now.getTime() && d.leaseOwner !== owner) return ok({ kind: 'skip', why: `claimed by ${d.leaseOwner}` });
      const lock = await tx.locks.get(d.modelId, d.environment);
      if (lock) {
        const failed = await tx.deployments.update(id, { status: 'failed', finishedAt: now, reason: `${d.environment} is locked for ${d.modelName} by @${shortName(lock.lockedBy)}: ${lock.reason}` });
        await tx.audit.append(auditInput(SYSTEM_WHO, 'deploy.failed', `deployment:${id}`, { reason: failed.reason, locked: true }), now);
        tx.emit({ type: 'deployment.finished', ...eventRef(failed), status: 'failed', kind: failed.kind });
        return ok({ kind: 'skip', why: failed.reason! });
      }
      const busy = (await tx.deployments.open({ modelId: d.modelId, environment: d.environment, statuses: ['running'] })).filter((x) => x.id !== id);
      if (busy.length) return ok({ kind: 'skip', why: `deployment #${busy[0]!.id} is running` });
      const started = await tx.deployments.update(id, { status: 'running', startedAt: now, deadlineAt: new Date(now.getTime() + o.deadlineMs), ...lease });
      await tx.audit.append(auditInput(SYSTEM_WHO, 'deploy.started', `deployment:${id}`, { model: d.modelName, version: d.version, environment: d.environment, owner, deadlineAt: started.deadlineAt!.toISOString() }), now);
      tx.emit({ type: 'deployment.updated', ...eventRef(started) });
      return ok({ kind: 'start', deployment: started });
    });
  } catch (e) {
    // the unique index on running deployments: another process won the race
    if (String((e as { code?: string }).code ?? (e as Error).message).includes('23505') || /deployments_one_running_uq/.test(String(e))) return ok({ kind: 'skip', why: 'another deployment of this model is running' });
    throw e;
  }
}

/** Keep the claim alive and record progress; false when another process has taken the deployment over. */
export async function renewLease(deps: { readonly store: Store; readonly clock: Clock }, id: number, owner: string, leaseMs: number, patch: { attempts?: number; target?: string; targetRef?: string | null; targetUrl?: string | null; lastError?: string | null } = {}): Promise<boolean> {
  const now = deps.clock.now();
  const r = await deps.store.transaction<boolean>(async (tx) => {
    const d = await tx.deployments.byIdForUpdate(id);
    if (!d || d.status !== 'running' || d.leaseOwner !== owner) return ok(false);
    const { lastError, ...rest } = patch;
    // while it runs, `reason` holds why the last call to the target failed (the card shows it)
    const renewed = await tx.deployments.update(id, { ...rest, ...(lastError !== undefined ? { reason: lastError } : {}), leaseUntil: new Date(now.getTime() + leaseMs) });
    // what the card shows changed (attempts, the last error, the target's link): refresh it
    if ((patch.attempts !== undefined && patch.attempts !== d.attempts) || (lastError !== undefined && lastError !== d.reason) || (patch.targetRef !== undefined && patch.targetRef !== d.targetRef) || (patch.targetUrl !== undefined && patch.targetUrl !== d.targetUrl)) tx.emit({ type: 'deployment.updated', ...eventRef(renewed) });
    return ok(true);
  });
  return r.ok && r.value;
}
