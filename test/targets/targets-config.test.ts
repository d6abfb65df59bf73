import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { formatProblems, loadConfig } from '../../src/config/load-config.js';
import { buildTargets } from '../../src/deploy/targets/build-targets.js';
import { JOB, planJob } from './target-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const dirWith = (yaml: string) => {
  const dir = tempDir('targets');
  writeFileSync(join(dir, 'steward.yaml'), yaml);
  return dir;
};
const problemsOf = (yaml: string, env: Record<string, string> = {}) => {
  const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/sd', ...env }, dirWith(yaml));
  return r.ok ? '(no problems)' : formatProblems(r.problems);
};

/** The example from README "Deploy targets". */
export const EXAMPLE = `
environments: [dev, staging, production, ml-registry]
targets:
  staging:
    kind: webhook
    url: https://deploy.internal/steward
    secretEnv: STEWARD_WEBHOOK_SECRET
    timeout: 10s
  production:
    kind: github-actions
    repo: acme/ml-deploy
    workflow: deploy.yml
    ref: main
    tokenEnv: GITHUB_TOKEN
  ml-registry:
    kind: mlflow
    baseUrl: https://mlflow.internal
    tokenEnv: MLFLOW_TOKEN
    registeredModel: "{model}"
    alias: production
    match: source
`;
const SECRETS = { STEWARD_WEBHOOK_SECRET: 'whsec_example', GITHUB_TOKEN: 'ghp_example', MLFLOW_TOKEN: 'mlflow_example' };

describe('targets: in steward.yaml', () => {
  it('reads one target per environment with defaults and secrets from the named variables; others record only', () => {
    const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/sd', ...SECRETS }, dirWith(EXAMPLE));
    expect(r.ok ? '' : formatProblems(r.problems)).toBe('');
    if (!r.ok) return;
    expect(r.config.targets).toEqual({
      dev: { kind: 'record' },
      staging: { kind: 'webhook', url: 'https://deploy.internal/steward', secretEnv: 'STEWARD_WEBHOOK_SECRET', secret: 'whsec_example', timeoutMs: 10_000 },
      production: { kind: 'github-actions', apiUrl: 'https://api.github.com', repo: 'acme/ml-deploy', workflow: 'deploy.yml', ref: 'main', tokenEnv: 'GITHUB_TOKEN', token: 'ghp_example', timeoutMs: 10_000 },
      'ml-registry': { kind: 'mlflow', baseUrl: 'https://mlflow.internal', tokenEnv: 'MLFLOW_TOKEN', token: 'mlflow_example', registeredModel: '{model}', alias: 'production', match: 'source', timeoutMs: 10_000 },
    });
    const noFile = loadConfig({}, '/nonexistent-dir');
    expect(noFile.ok && noFile.config.targets).toEqual({ staging: { kind: 'record' }, production: { kind: 'record' } });
  });

  it('names the missing environment variable and the target that needs it', () => {
    const text = problemsOf(EXAMPLE, { GITHUB_TOKEN: 'ghp_x' });
    expect(text).toContain('env: STEWARD_WEBHOOK_SECRET: steward.yaml targets.staging (webhook) reads its signing secret from STEWARD_WEBHOOK_SECRET, which is not set; export STEWARD_WEBHOOK_SECRET or change the target\'s secretEnv');
    expect(text).toContain('env: MLFLOW_TOKEN: steward.yaml targets.ml-registry (mlflow) reads its token from MLFLOW_TOKEN');
    expect(text).not.toContain('GITHUB_TOKEN,');
    expect(text).toMatch(/2 configuration problems/);
  });

  it('reports an unknown environment, a bad URL, a bad kind and a bad timeout together, each named', () => {
    const text = problemsOf(`
targets:
  prod:
    kind: record
  staging:
    kind: webhook
    url: ftp://deploy.internal
    secretEnv: STEWARD_WEBHOOK_SECRET
    timeout: 2h
  production:
    kind: ansible
`);
    expect(text).toContain('steward.yaml: targets.prod: "prod" is not an environment; environments are staging, production');
    expect(text).toContain('steward.yaml: targets.staging.url: url is an http(s) URL, e.g. https://deploy.internal/steward');
    expect(text).toContain('steward.yaml: targets.staging.timeout: timeout is a duration between 1s and 5m, e.g. 10s');
    expect(text).toContain('steward.yaml: targets.production.kind: kind is one of webhook, github-actions, mlflow, record');
  });

  it('refuses a secret pasted where the variable name goes, and unknown keys', () => {
    const text = problemsOf('targets:\n  production:\n    kind: github-actions\n    repo: acme\n    workflow: deploy\n    ref: main\n    tokenEnv: "ghp_abc-123"\n    token: x\n');
    expect(text).toContain('targets.production.repo: repo is owner/name, e.g. acme/ml-deploy');
    expect(text).toContain('targets.production.workflow: workflow is the workflow file name (deploy.yml) or its numeric id');
    expect(text).toContain('steward.yaml: targets.production.tokenEnv: tokenEnv is the NAME of an environment variable (letters, digits and _, e.g. GITHUB_TOKEN), never the secret itself: put the value in that variable');
    expect(text).toContain('steward.yaml: targets.production: Unrecognized key: "token"');
    expect(text).not.toContain('ghp_abc-123');
    const creds = problemsOf('targets:\n  production:\n    kind: webhook\n    url: https://hook:s3cr3t@deploy.internal/x\n    secretEnv: WEBHOOK_SECRET\n', { WEBHOOK_SECRET: 'x' });
    expect(creds).toContain('steward.yaml: targets.production.url: url must not carry credentials (user:password@)');
    expect(creds).not.toContain('s3cr3t');
    const ml = problemsOf('targets:\n  production:\n    kind: mlflow\n    baseUrl: https://m\n    alias: latest\n    registeredModel: "{team}-{model}"\n    match: name\n');
    expect(ml).toContain('targets.production.alias: MLflow reserves "latest"');
    expect(ml).toContain('targets.production.registeredModel: registeredModel may use the placeholders {model} and {environment} only');
    expect(ml).toContain('targets.production.match: match is source');
  });

  it('builds each environment\'s target from the config, and plans them', async () => {
    const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/sd', ...SECRETS }, dirWith(EXAMPLE));
    if (!r.ok) throw new Error(formatProblems(r.problems));
    const targetFor = buildTargets(r.config);
    expect(['dev', 'staging', 'production', 'ml-registry', 'nowhere'].map((e) => targetFor(e).kind)).toEqual(['record', 'webhook', 'github-actions', 'mlflow', 'record']);
    expect(targetFor('staging')).toBe(targetFor('staging'));
    const dev = targetFor('dev');
    expect(await dev.plan({ ...planJob(JOB), environment: 'dev' })).toEqual({
      summary: 'record only: no deploy target configured for dev',
      steps: ['record fraud-detector v7 as live in dev; nothing is called (configure targets.dev in steward.yaml to deploy for real)'],
    });
    expect(await dev.start({ ...JOB, environment: 'dev' })).toEqual({ state: 'succeeded', message: 'no deploy target configured for dev: recorded only' });
    expect((await targetFor('production').plan(planJob(JOB))).summary).toBe('GitHub Actions: dispatch deploy.yml on acme/ml-deploy@main');
  });

  it('never writes target secrets to the log', () => {
    const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/sd', ...SECRETS }, dirWith(EXAMPLE));
    if (!r.ok) throw new Error(formatProblems(r.problems));
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never);
    log.info({ config: r.config }, 'config');
    log.info({ targets: r.config.targets }, 'targets');
    log.info({ target: r.config.targets.staging, headers: { Authorization: 'Bearer ghp_example', 'X-Steward-Signature': 'sha256=abc' } }, 'call');
    const out = lines.join('');
    expect(out).toContain('deploy.internal');
    for (const s of [...Object.values(SECRETS), 'sha256=abc']) expect(out).not.toContain(s);
  });
});
