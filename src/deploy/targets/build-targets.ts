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
 * With an MLflow registry (steward.yaml `registry:`), an environment that has an alias there and no
 * target of its own deploys by pointing that alias at the version: the MLflow version whose source
 * is the version's artifact URI (a mirrored version's source is exactly that).
 */
function registryAliasTarget(config: Config, environment: string): TargetConfig | null {
  const r = config.registry;
  const alias = r?.aliases[environment];
  if (!r || !alias || (config.targets[environment] && config.targets[environment].kind !== 'record')) return null;
  return { kind: 'mlflow', baseUrl: r.url, token: r.token, tokenEnv: r.tokenEnv, registeredModel: '{model}', alias, match: 'source', timeoutMs: r.timeoutMs };
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
    const cfg = registryAliasTarget(config, environment) ?? config.targets[environment];
    if (!cfg) return fallback;
    let t = built.get(environment);
    if (!t) {
      t = scrubbedTarget(buildTarget(cfg, rt), scrub);
      built.set(environment, t);
    }
    return t;
  };
}
