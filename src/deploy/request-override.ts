import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { type Deployment, eventRef } from './domain/deployment.js';
import { gatesPassed } from '../governance/domain/gates.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

/** Ask for an override of failed gates: recorded with its reason; it then needs one extra approval from an override role. */
export async function requestOverride(deps: { readonly store: Store; readonly clock: Clock }, who: AuditWho, input: { id: number; reason: string }): Promise<Result<Deployment>> {
  const now = deps.clock.now();
  if (input.reason.trim().length < 3) return err('bad_input', 'An override needs a reason (a few words) that reviewers and auditors can read.');
  return deps.store.transaction<Deployment>(async (tx) => {
    const d = await tx.deployments.byIdForUpdate(input.id);
    if (!d) return err('not_found', `There is no deployment request #${input.id}.`);
    if (d.status !== 'awaiting_approval') return err('conflict', `Request #${d.id} is ${d.status.replace('_', ' ')}; only a pending request can be overridden.`);
    if (gatesPassed(d.gates)) return err('conflict', `Request #${d.id} is not blocked by a failed gate; it needs no override.`);
    if (d.overrideRequestedBy) return err('conflict', `An override of request #${d.id} was already requested by ${d.overrideRequestedBy}.`);
    const updated = await tx.deployments.update(d.id, { overrideRequestedBy: who.actor, overrideReason: input.reason.trim() });
    await tx.audit.append(auditInput(who, 'deploy.override_requested', `deployment:${d.id}`, { reason: input.reason.trim(), failedGates: d.gates.filter((g) => !g.passed).map((g) => g.name) }), now);
    tx.emit({ type: 'deployment.updated', ...eventRef(updated) });
    return ok(updated);
  });
}
