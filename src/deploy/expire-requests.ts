import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { eventRef } from './domain/deployment.js';
import { ok } from '../core/result.js';
import { auditInput } from '../governance/audit-who.js';

const SYSTEM = { actor: 'system:steward', platform: 'system', channel: null };

/** Mark requests whose approval window has passed as expired (idempotent across replicas); returns their ids. */
export async function expireRequests(deps: { readonly store: Store; readonly clock: Clock }): Promise<number[]> {
  const now = deps.clock.now();
  const due = (await deps.store.read.deployments.open({ statuses: ['awaiting_approval'] })).filter((d) => d.expiresAt && d.expiresAt.getTime() <= now.getTime());
  const done: number[] = [];
  for (const candidate of due) {
    const r = await deps.store.transaction(async (tx) => {
      const d = await tx.deployments.byIdForUpdate(candidate.id);
      if (!d || d.status !== 'awaiting_approval') return ok(false);
      const expired = await tx.deployments.update(d.id, { status: 'expired', finishedAt: now, reason: 'no quorum before the expiry' });
      tx.emit({ type: 'deployment.updated', ...eventRef(expired) });
      await tx.audit.append(auditInput(SYSTEM, 'deploy.expired', `deployment:${d.id}`, { expiresAt: d.expiresAt?.toISOString() ?? null }), now);
      return ok(true);
    });
    if (r.ok && r.value) done.push(candidate.id);
  }
  return done;
}
