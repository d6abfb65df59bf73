import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { type Deployment, eventRef } from './domain/deployment.js';
import { err, ok, type Result } from '../core/result.js';
import { auditInput } from '../governance/audit-who.js';
import { SYSTEM_WHO } from './claim-deployment.js';

/**
 * Finish a running deployment: succeeded or failed, audited in the same transaction. Leaving
 * `running` releases the lock (the unique index only covers running rows). Used by the executor
 * and by the signed webhook callback.
 */
export async function completeDeployment(deps: { readonly store: Store; readonly clock: Clock }, id: number, outcome: { succeeded: boolean; message: string | null; url?: string | null }): Promise<Result<Deployment>> {
  const now = deps.clock.now();
  return deps.store.transaction<Deployment>(async (tx) => {
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
    tx.emit({ type: 'deployment.finished', ...eventRef(done), status: outcome.succeeded ? 'succeeded' : 'failed', kind: done.kind });
    return ok(done);
  });
}
