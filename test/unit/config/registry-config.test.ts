import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { buildTargets } from '../../../src/deploy/targets/build-targets.js';
import { environmentOfAlias, mirrored, stewardNameOf } from '../../../src/mirror/domain/mirror-config.js';
import { configFromYaml } from '../../helpers/test-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

const problems = (yaml: string, env: Record<string, string> = {}) => {
  const dir = tempDir('registry-cfg');
  writeFileSync(`${dir}/steward.yaml`, yaml);
  const r = loadConfig(env, dir);
  return r.ok ? [] : r.problems.map((p) => `${p.where}: ${p.message}`);
};

const GOOD = `
registry:
  kind: mlflow
  url: https://mlflow.internal/
  tokenEnv: MLFLOW_TOKEN
  webhookSecretEnv: MLFLOW_WEBHOOK_SECRET
  models: ["fraud-*", churn-predictor]
  aliases: { production: champion, staging: challenger }
`;

describe('registry: MLflow as the system of record in steward.yaml', () => {
  it('reads the section with its secrets from the named variables, and defaults', () => {
    const c = configFromYaml(GOOD, { MLFLOW_TOKEN: 't0k', MLFLOW_WEBHOOK_SECRET: 's3c' });
    expect(c.registry).toEqual({ kind: 'mlflow', url: 'https://mlflow.internal', token: 't0k', tokenEnv: 'MLFLOW_TOKEN', webhookSecret: 's3c', webhookSecretEnv: 'MLFLOW_WEBHOOK_SECRET', models: ['fraud-*', 'churn-predictor'], aliases: { production: 'champion', staging: 'challenger' }, reconcileMs: 300_000, timeoutMs: 10_000 });
    expect(configFromYaml('environments: [staging]').registry).toBeNull();
  });

  it('names every problem at once: unset variables, unknown environments, a shared alias, a pasted secret, missing models', () => {
    expect(problems(GOOD)).toEqual([
      'env: MLFLOW_TOKEN: steward.yaml registry.tokenEnv names MLFLOW_TOKEN for the MLflow token, but it is not set; export MLFLOW_TOKEN or remove tokenEnv',
      'env: MLFLOW_WEBHOOK_SECRET: steward.yaml registry.webhookSecretEnv names MLFLOW_WEBHOOK_SECRET for the webhook secret, but it is not set; export MLFLOW_WEBHOOK_SECRET or remove webhookSecretEnv',
    ]);
    const bad = problems('registry:\n  kind: mlflow\n  url: https://m\n  webhookSecretEnv: "whsec_abc-123!"\n  models: [a]\n  aliases: { prod: champion, staging: champion, production: champion }\n');
    expect(bad).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^steward\.yaml: registry\.webhookSecretEnv: webhookSecretEnv is the NAME of an environment variable/),
        expect.stringMatching(/^steward\.yaml: registry\.aliases\.prod: unknown environment "prod"/),
        expect.stringMatching(/^steward\.yaml: registry\.aliases\.(staging|production): alias champion is already the alias of/),
      ]),
    );
    expect(bad.join('\n')).not.toContain('whsec_abc-123!');
    expect(problems('registry:\n  kind: mlflow\n  url: https://m\n  models: []\n').join('\n')).toMatch(/registry\.models.*list the MLflow registered models to mirror/);
    expect(problems('registry:\n  kind: sagemaker\n  url: https://m\n  models: [a]\n').join('\n')).toMatch(/registry\.kind.*registry kind is mlflow/);
  });

  it('an environment with an alias and no target of its own deploys by moving that alias', () => {
    const c = configFromYaml(`${GOOD}targets:\n  staging: { kind: webhook, url: https://deploy.internal/hook, secretEnv: HOOK_SECRET }\n`, { MLFLOW_TOKEN: 't', MLFLOW_WEBHOOK_SECRET: 's', HOOK_SECRET: 'h' });
    const targetFor = buildTargets(c);
    expect(targetFor('production').kind).toBe('mlflow');
    expect(targetFor('staging').kind).toBe('webhook');
  });

  it('picks models by name or glob, names them as Steward slugs, finds the environment of an alias', () => {
    const cfg = { models: ['fraud-*', 'churn-predictor', 'risk-?'], aliases: { production: 'champion' } };
    expect(['fraud-detector', 'fraud-', 'churn-predictor', 'risk-a'].every((n) => mirrored(cfg, n))).toBe(true);
    expect(['churn-predictor-v2', 'risk-ab', 'Fraud-detector', 'xfraud-a'].some((n) => mirrored(cfg, n))).toBe(false);
    expect(stewardNameOf('fraud-detector')).toBe('fraud-detector');
    expect(stewardNameOf('Fraud Detector')).toBe('fraud-detector');
    expect(stewardNameOf('main.risk.fraud_v2')).toBe('main-risk-fraud-v2');
    expect(stewardNameOf('***')).toBeNull();
    expect(environmentOfAlias(cfg, 'champion')).toBe('production');
    expect(environmentOfAlias(cfg, 'shadow')).toBeNull();
  });
});
