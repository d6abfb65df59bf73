import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirWith = (yaml: string) => {
  const dir = tempDir('policy');
  writeFileSync(join(dir, 'steward.yaml'), yaml);
  return dir;
};

const BAD = `
policies:
  prod:
    approvals: 1
    approverRoles: [admin]
  production:
    approvals: -1
    approverRoles: [admin]
    freezeWindows:
      - { days: [fri], from: "16:00", to: "23:59", timezone: Mars/Olympus_Mons }
`;

describe('policies in steward.yaml', () => {
  it('reports an unknown environment, a negative approval count and a bad timezone together, each named', () => {
    const r = loadConfig({}, dirWith(BAD));
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : formatProblems(r.problems);
    expect(text).toContain('steward.yaml: policies.prod: "prod" is not an environment; environments are staging, production');
    expect(text).toContain('steward.yaml: policies.production.approvals: approvals cannot be negative (got -1)');
    expect(text).toContain('steward.yaml: policies.production.freezeWindows[0].timezone: not an IANA timezone; use e.g. Europe/Madrid or UTC (got "Mars/Olympus_Mons")');
  });

  it('stops `steward start` with exit 2 and the list of problems', async () => {
    const err: string[] = [];
    const code = await main(['start'], { STEWARD_CONFIG: join(dirWith(BAD), 'steward.yaml'), STEWARD_DATA_DIR: tempDir('data') }, { out: () => {}, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/Steward cannot start: 3 configuration problems/);
  });

  it('needs approver roles when approvals are required, and known roles everywhere', () => {
    const a = loadConfig({}, dirWith('policies:\n  production:\n    approvals: 2\n'));
    expect(a.ok ? '' : formatProblems(a.problems)).toContain('steward.yaml: policies.production.approverRoles: approvals > 0 needs approverRoles (who may approve)');
    const b = loadConfig({}, dirWith('policies:\n  staging:\n    approvals: 1\n    approverRoles: [ghost]\n'));
    expect(b.ok ? '' : formatProblems(b.problems)).toContain('policies.staging.approverRoles[0]: unknown role "ghost"');
  });

  it('fills defaults: staging without approval, production with two admin approvals in 24 h', () => {
    const r = loadConfig({}, '/nonexistent');
    expect(r.ok && r.config.policies.staging).toMatchObject({ approvals: 0 });
    expect(r.ok && r.config.policies.production).toMatchObject({ approvals: 2, approverRoles: ['admin'], allowSelfApproval: false, expiryMs: 86_400_000 });
  });

  it('parses durations, gates and freeze windows', () => {
    const r = loadConfig({}, dirWith(`policies:
  production:
    approvals: 1
    approverRoles: [admin]
    expiry: 90m
    gates:
      metrics: [{ metric: auc, min: 0.9 }]
      noRegression: [{ metric: latency_ms, maxIncrease: 5 }]
      drift: { maxShare: 0.3 }
    freezeWindows: [{ days: [fri, sat], from: "22:00", to: "06:00", timezone: Europe/Madrid, reason: weekend }]
`));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.policies.production).toMatchObject({ expiryMs: 90 * 60_000, gates: { drift: { maxShare: 0.3 }, noRegression: [{ metric: 'latency_ms', maxIncrease: 5 }] }, freezeWindows: [{ from: '22:00', to: '06:00' }] });
  });

  it('reads quality checks in the --fail-on vocabulary, and refuses a bad one with one line naming the key', () => {
    const good = loadConfig({}, dirWith('policies:\n  production:\n    approvals: 0\n    gates:\n      quality: { checks: "roc_auc<registered-0.02,accuracy<0.9", environment: staging }\n    postDeploy:\n      predictions: { count: 100, quality: "roc_auc<registered-0.02" }\n'));
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(good.config.policies.production!.gates.quality).toMatchObject({ minLabelled: 100, environment: 'staging', checks: [{ metric: 'roc_auc', op: '<', relative: true, value: -0.02 }, { metric: 'accuracy', value: 0.9, relative: false }] });
    expect(good.config.policies.production!.postDeploy!.predictions).toMatchObject({ minLabelled: 100, quality: [{ metric: 'roc_auc' }] });
    const bad = loadConfig({}, dirWith('policies:\n  production:\n    approvals: 0\n    gates:\n      quality: { checks: "auc<registered-0.02", environment: qa }\n    postDeploy:\n      predictions: { count: 100, quality: "roc_auc<=0.9", minLabelled: 0 }\n'));
    const text = bad.ok ? '' : formatProblems(bad.problems);
    const lines = text.split('\n');
    expect(lines).toContain('  - steward.yaml: policies.production.gates.quality.checks: a quality check takes METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA with METRIC one of accuracy, precision, recall, f1, roc_auc, mae, rmse (got "auc<registered-0.02")');
    expect(lines).toContain('  - steward.yaml: policies.production.postDeploy.predictions.quality: a quality check takes METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA with METRIC one of accuracy, precision, recall, f1, roc_auc, mae, rmse (got "roc_auc<=0.9")');
    expect(lines).toContain('  - steward.yaml: policies.production.postDeploy.predictions.minLabelled: minLabelled is at least 1 (got 0)');
    const env = loadConfig({}, dirWith('policies:\n  production:\n    approvals: 0\n    gates:\n      quality: { checks: "accuracy<0.9", environment: qa }\n'));
    expect(env.ok ? '' : formatProblems(env.problems)).toContain('steward.yaml: policies.production.gates.quality.environment: unknown environment "qa"; environments are staging, production');
  });
});
