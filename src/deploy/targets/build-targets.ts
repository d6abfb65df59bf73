import type { Config } from '../../config/config.js';
import type { TargetConfig } from '../../config/targets-schema.js';
import type { DeployTarget } from '../domain/target.js';
import { configuredSecrets } from '../../config/configured-secrets.js';
import { secretScrubber } from '../../core/secret-scrub.js';
import { githubActionsTarget } from './github-actions-target.js';
import { mlflowTarget } from './mlflow-target.js';
import { recordTarget } from './record-target.js';
import { scrubbedTarget } from './scrubbed-target.js';
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

/**
 * Config -> the target of each environment (built once); an environment without one records only.
 * Every configured secret is scrubbed from what each target says (messages, refs, plans, errors).
 */
export function buildTargets(config: Config, rt: TargetRuntime = {}): TargetFor {
  const scrub = secretScrubber(configuredSecrets(config));
  const built = new Map<string, DeployTarget>();
  const fallback = recordTarget();
  return (environment) => {
    const cfg = config.targets[environment];
    if (!cfg) return fallback;
    let t = built.get(environment);
    if (!t) {
      t = scrubbedTarget(buildTarget(cfg, rt), scrub);
      built.set(environment, t);
    }
    return t;
  };
}
