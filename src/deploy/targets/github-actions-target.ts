import type { GithubActionsTargetConfig } from '../../config/targets-schema.js';
import type { DeployTarget, TargetOutcome, TargetPlan } from '../domain/target.js';
import type { TargetRuntime } from './webhook-target.js';
import { workflowDispatcher } from './workflow-dispatch.js';

export { DISPATCH_SKEW_MS, PENDING_RUN } from './workflow-dispatch.js';

/**
 * workflow_dispatch of a configured workflow and ref, then find the run (by the deployment id in its
 * run-name, else the newest run created after the dispatch) and follow it to its conclusion.
 */
export function githubActionsTarget(cfg: GithubActionsTargetConfig, rt: TargetRuntime = {}): DeployTarget {
  const gh = workflowDispatcher(cfg, rt);
  const subject = (deploymentId: number) => ({ noun: 'deployment', id: deploymentId });
  return {
    kind: 'github-actions',
    async plan(job): Promise<TargetPlan> {
      return {
        summary: `GitHub Actions: dispatch ${cfg.workflow} on ${gh.where}`,
        steps: [
          `dispatch ${cfg.workflow} on ${gh.where} with inputs model=${job.model}, version=${job.version}, environment=${job.environment}, deployment_id=<id>`,
          `follow the run (run-name "steward deployment <id>") until it concludes; success deploys`,
        ],
      };
    },
    async start(job): Promise<TargetOutcome> {
      return gh.dispatch(subject(job.deploymentId), { model: job.model, version: String(job.version), environment: job.environment, deployment_id: String(job.deploymentId) });
    },
    async check(job, ref): Promise<TargetOutcome> {
      return gh.follow(subject(job.deploymentId), ref);
    },
  };
}
