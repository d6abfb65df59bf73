import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import type { PostDeployPorts } from './post-deploy-check.js';
import { expireRequests } from '../expire-requests.js';
import type { DeployRunner } from './deploy-runner.js';
import { checkPredictionGates } from './prediction-gate.js';
import { reconcileDeployments } from './reconcile-deployments.js';

/**
 * The background side of deploys in a running Steward: reconcile at start (resume or fail what a dead
 * process left running, submit approved work) and every lease period; expire requests every minute.
 */
export async function startDeployJobs(deps: { readonly store: Store; readonly clock: Clock; readonly log: Logger; readonly postDeploy: PostDeployPorts }, runner: DeployRunner, o: { reconcileMs: number; expireMs: number }): Promise<{ stop(): Promise<void> }> {
  const guard = (name: string, f: () => Promise<unknown>) => () =>
    void f().catch((e: unknown) => deps.log.error({ err: e }, `${name} failed`));
  await reconcileDeployments(deps, runner).catch((e: unknown) => deps.log.error({ err: e }, 'reconcile at start failed'));
  const t1 = setInterval(guard('reconcile', () => reconcileDeployments(deps, runner)), o.reconcileMs);
  const t2 = setInterval(guard('expire requests', () => expireRequests(deps)), o.expireMs);
  const t3 = setInterval(guard('prediction gates', () => checkPredictionGates(deps.postDeploy)), o.expireMs);
  t1.unref();
  t2.unref();
  t3.unref();
  return {
    async stop() {
      clearInterval(t1);
      clearInterval(t2);
      clearInterval(t3);
      await runner.stop();
    },
  };
}
