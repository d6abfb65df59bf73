import { unknownRole } from './unknown-role.js';
import type { z } from 'zod';
import { defaultPolicy, type Policy } from '../governance/domain/policy.js';
import type { ConfigProblem } from './config.js';
import type { policySchema } from './policy-schema.js';

type ParsedPolicy = z.output<typeof policySchema>;

/**
 * Unknown environments are checked on the raw YAML, so they are reported together with any schema
 * problems (a negative count, a bad timezone) in one go.
 */
export function unknownPolicyEnvironments(raw: unknown, environments: readonly string[]): ConfigProblem[] {
  const policies = raw && typeof raw === 'object' ? (raw as { policies?: unknown }).policies : undefined;
  if (!policies || typeof policies !== 'object') return [];
  return Object.keys(policies)
    .filter((e) => !environments.includes(e))
    .map((e) => ({ where: `steward.yaml: policies.${e}`, message: `"${e}" is not an environment; environments are ${environments.join(', ')} (add it under environments: or fix the name)` }));
}

/** Every environment gets a policy: its own from the file, or the default. Roles named must exist. */
export function resolvePolicies(parsed: Record<string, ParsedPolicy> | undefined, environments: readonly string[], roles: Readonly<Record<string, unknown>>): { policies: Record<string, Policy>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const policies: Record<string, Policy> = {};
  for (const env of environments) {
    const p = parsed?.[env];
    if (!p) {
      policies[env] = defaultPolicy(env);
      continue;
    }
    const roleLists: [string, readonly string[]][] = [
      ['approverRoles', p.approverRoles],
      ['freezeExemptRoles', p.freezeExemptRoles],
      ['noApproval.deploy', p.noApproval.deploy],
      ['noApproval.rollback', p.noApproval.rollback],
      ['overrideRoles', p.overrideRoles],
    ];
    for (const [field, list] of roleLists) {
      list.forEach((r, i) => {
        if (!(r in roles)) problems.push({ where: `steward.yaml: policies.${env}.${field}[${i}]`, message: unknownRole(r, roles) });
      });
    }
    const qualityEnv = p.gates.quality?.environment;
    if (qualityEnv && !environments.includes(qualityEnv)) problems.push({ where: `steward.yaml: policies.${env}.gates.quality.environment`, message: `unknown environment "${qualityEnv}"; environments are ${environments.join(', ')}` });
    policies[env] = {
      environment: env,
      approvals: p.approvals,
      approverRoles: p.approverRoles,
      allowSelfApproval: p.allowSelfApproval,
      expiryMs: p.expiry,
      gates: p.gates,
      freezeWindows: p.freezeWindows,
      freezeExemptRoles: p.freezeExemptRoles,
      noApproval: p.noApproval,
      overrideRoles: p.overrideRoles,
      outOfBand: p.outOfBand,
      postDeploy: p.postDeploy ? { healthUrl: p.postDeploy.healthUrl ?? null, predictions: p.postDeploy.predictions ? { count: p.postDeploy.predictions.count, withinMs: p.postDeploy.predictions.within, maxDriftShare: p.postDeploy.predictions.maxDriftShare ?? null, fairness: p.postDeploy.predictions.fairness, quality: p.postDeploy.predictions.quality ?? null, minLabelled: p.postDeploy.predictions.minLabelled } : null, expectStatus: p.postDeploy.expectStatus, timeoutMs: p.postDeploy.timeout, attempts: p.postDeploy.attempts, intervalMs: p.postDeploy.interval, rollbackOnFailure: p.postDeploy.rollbackOnFailure } : null,
    };
  }
  return { policies, problems };
}
