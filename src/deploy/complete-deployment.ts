import type { Deps } from '../chat/command-context.js';
import type { Deployment } from './domain/deployment.js';
import { err, ok, type Result } from '../core/result.js';
import { auditInput } from '../governance/audit-who.js';
import { SYSTEM_WHO } from './claim-deployment.js';
import { announce, finishedEvent } from './runner/announce.js';

/**
 * Finish a running deployment: succeeded or failed, audited in the same transaction. Leaving
 * `running` releases the lock (the unique index only covers running rows). Used by the executor
 * and by the signed webhook callback.
 */
export async function completeDeployment(deps: Deps, id: number, outcome: { succeeded: boolean; message: string | null; url?: string | null }): Promise<Result<Deployment>> {
  const now = deps.clock.now();
  const r = await deps.store.transaction<Deployment>(async (tx) => {
    const d = await tx.deployments.byIdForUpdate(id);
    if (!d) return err('not_found', `There is no deployment #${id}.`);
    if (d.status !== 'running') return err('conflict', `Deployment #${id} is ${d.status}, not running.`);
    const done = await tx.deployments.update(id, {
      status: outcome.succeeded ? 'succeeded' : 'failed',
      finishedAt: now,
      reason: outcome.succeeded ? null : (outcome.message ?? 'the target reported a failure'),
      ...(outcome.url ? { targetUrl: outcome.url } : {}),
      leaseOwner: null,
      leaseUntil: null,
    });
    await tx.audit.append(
      auditInput(SYSTEM_WHO, outcome.succeeded ? 'deploy.succeeded' : 'deploy.failed', `deployment:${id}`, {
        model: d.modelName,
        version: d.version,
        environment: d.environment,
        kind: d.kind,
        attempts: d.attempts,
        message: outcome.message,
        durationMs: d.startedAt ? now.getTime() - d.startedAt.getTime() : null,
      }),
      now,
    );
    return ok(done);
  });
  if (r.ok) {
    await deps.cards.refresh({ kind: 'deployment', id: String(id) });
    await announce(deps, r.value, finishedEvent(r.value), 'system:steward');
  }
  return r;
}
