import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MlflowStandIn } from '../fakes/mlflow-stand-in.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `steward mlflow import` through the real CLI entry point, on an embedded database, against the MLflow stand-in. */
describe('steward mlflow import', () => {
  let mlflow: MlflowStandIn;
  const dir = tempDir('mlflow-import');
  const env = (extra: Record<string, string> = {}) => ({ STEWARD_DATA_DIR: `${dir}/data`, STEWARD_CONFIG: `${dir}/steward.yaml`, LOG_LEVEL: 'silent', STEWARD_USER: 'alice', MLFLOW_TOKEN: 'tok-123', ...extra });
  async function run(argv: string[], e: Record<string, string> = env()) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, e, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  beforeAll(async () => {
    mlflow = await new MlflowStandIn({ token: 'tok-123', pageSize: 2 }).start();
    mlflow.addRun('r1', { metrics: { auc: 0.9 } });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1', runId: 'r1' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/2' });
    mlflow.createVersion('other-model', { source: 's3://ml/other/1' });
    mlflow.setAlias('fraud-detector', 'champion', 1);
    writeFileSync(`${dir}/steward.yaml`, `registry:\n  kind: mlflow\n  url: ${mlflow.url}\n  tokenEnv: MLFLOW_TOKEN\n  models: ["fraud-*"]\n  aliases: { production: champion }\n`);
  });
  afterAll(async () => {
    await mlflow.close();
  });

  it('mirrors versions and where aliases stand, says what it did; a second run changes nothing', async () => {
    const first = await run(['mlflow', 'import']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/1 model mirrored; 2 versions added, 0 marked deleted, 1 alias recorded as live, 0 moved outside Steward/);
    expect(first.out).toMatch(/added: fraud-detector v1, fraud-detector v2/);
    const second = await run(['mlflow', 'import', '--format', 'json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ models: 1, added: [], deleted: [], baseline: [], outOfBand: [], problems: [] });
    const status = await run(['status', 'fraud-detector', '--format', 'json']);
    expect(status.out).toMatch(/"production"/);
    expect(status.out).toMatch(/"version": ?1/);
  });

  it('exits 4 with one line when MLflow refuses, and 2 without a registry section', async () => {
    const wrong = await run(['mlflow', 'import'], env({ MLFLOW_TOKEN: 'wrong' }));
    expect(wrong.code).toBe(4);
    expect(wrong.err.split('\n')).toHaveLength(1);
    expect(wrong.err).toMatch(/^steward: MLflow at http:\/\/127\.0\.0\.1:\d+ did not answer: .*HTTP 401.*check the token in MLFLOW_TOKEN/);
    const none = await run(['mlflow', 'import'], { STEWARD_DATA_DIR: `${dir}/data2`, LOG_LEVEL: 'silent' });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no MLflow registry is configured/);
  });
});
