import type { DeployTarget, TargetOutcome } from '../domain/target.js';

/** The zero-set-up default: nothing is called; the deployment is recorded as live in Steward only. */
export function recordTarget(): DeployTarget {
  const done = (environment: string): TargetOutcome => ({ state: 'succeeded', message: `no deploy target configured for ${environment}: recorded only` });
  return {
    kind: 'record',
    async plan(job) {
      return {
        summary: `record only: no deploy target configured for ${job.environment}`,
        steps: [`record ${job.model} v${job.version} as live in ${job.environment}; nothing is called (configure targets.${job.environment} in steward.yaml to deploy for real)`],
      };
    },
    async start(job) {
      return done(job.environment);
    },
    async check(job) {
      return done(job.environment);
    },
  };
}
