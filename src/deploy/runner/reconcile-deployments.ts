import type { Clock } from '../../core/clock.js';
import type { Store } from '../../ports/store.js';
import type { DeployRunner } from './deploy-runner.js';

/**
 * At start and then periodically: nothing stays `approved` or `running` forever. Approved
 * deployments nobody holds are submitted; running ones whose lease expired (their process died)
 * are resumed — followed on their target, or failed once past the deadline.
 */
export async function reconcileDeployments(deps: { readonly store: Pick<Store, 'read'>; readonly clock: Clock }, runner: Pick<DeployRunner, 'owner' | 'submit'>): Promise<number[]> {
  const now = deps.clock.now().getTime();
  const open = await deps.store.read.deployments.open({ statuses: ['approved', 'running'] });
  const picked = open.filter((d) => !d.leaseUntil || d.leaseUntil.getTime() <= now || d.leaseOwner === runner.owner);
  for (const d of picked) await runner.submit(d.id);
  return picked.map((d) => d.id);
}
