import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { tempDir } from './temp-dir.js';

/** A validated Config built the same way production builds it, from env and optional YAML text. */
export function testConfig(env: Record<string, string> = {}, cwd = '/nonexistent-steward-cwd'): Config {
  const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/steward-test-data', USER: 'tester', ...env }, cwd);
  if (!r.ok) throw new Error(`test config invalid: ${JSON.stringify(r.problems)}`);
  return r.config;
}

/** A Config from steward.yaml text (written to a temp dir and loaded by the real loader). */
export function configFromYaml(yaml: string, env: Record<string, string> = {}): Config {
  const dir = tempDir('yaml');
  writeFileSync(join(dir, 'steward.yaml'), yaml);
  return testConfig(env, dir);
}

/** The governance policy used across tests: production needs 2 of 3 approvers, with gates. */
export const GOVERNANCE_YAML = `
roles:
  ml-engineer: [read, register, "deploy:*"]
  approver: [read]
  oncall: [read, "rollback:*"]
members:
  "console:alice": [ml-engineer]
  "console:erin": [ml-engineer]
  "console:bob": [approver]
  "console:carol": [approver]
  "console:dave": [approver]
  "console:root": [admin]
  "console:root2": [admin]
  "*": [viewer]
policies:
  staging:
    approvals: 0
  production:
    approvals: 2
    approverRoles: [approver]
    expiry: 24h
    overrideRoles: [admin]
    gates:
      metrics: [{ metric: auc, min: 0.9 }]
      noRegression: [{ metric: auc, maxDrop: 0.01 }]
      fairness: [{ metric: demographicParityRatio, min: 0.8 }]
      modelCard: { required: [intendedUse] }
`;
