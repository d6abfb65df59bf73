import type { Config } from '../config/config.js';
import type { TargetConfig } from '../config/targets-schema.js';
import type { DeployTarget } from '../core/deploy/target.js';
import { githubActionsTarget } from './github-actions-target.js';
import { mlflowTarget } from './mlflow-target.js';
import { recordTarget } from './record-target.js';
import { type TargetRuntime, webhookTarget } from './webhook-target.js';

export type TargetFor = (environment: string) => DeployTarget;

/** One target from its configuration. */
export function buildTarget(cfg: TargetConfig, rt: TargetRuntime = {}): DeployTarget {
  switch (cfg.kind) {
    case 'webhook':
      return webhookTarget(cfg, rt);
    case 'github-actions':
      return githubActionsTarget(cfg, rt);
    case 'mlflow':
      return mlflowTarget(cfg, rt);
    case 'record':
      return recordTarget();
  }
}

/** Config -> the target of each environment (built once); an environment without one records only. */
export function buildTargets(config: Pick<Config, 'targets'>, rt: TargetRuntime = {}): TargetFor {
  const built = new Map<string, DeployTarget>();
  const fallback = recordTarget();
  return (environment) => {
    const cfg = config.targets[environment];
    if (!cfg) return fallback;
    let t = built.get(environment);
    if (!t) {
      t = buildTarget(cfg, rt);
      built.set(environment, t);
    }
    return t;
  };
}
