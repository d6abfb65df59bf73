import { describe, expect, it } from 'vitest';
import { configFromYaml } from '../../helpers/test-config.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../../helpers/temp-dir.js';

describe('training: pipelines in steward.yaml', () => {
  it('takes kind: record (nothing is called), with the defaults', () => {
    const c = configFromYaml('training:\n  churn-predictor:\n    pipeline: { kind: record }\n');
    expect(c.training['churn-predictor']).toEqual({ model: 'churn-predictor', pipeline: { kind: 'record' }, approvals: 0, approverRoles: [], deadlineMs: 6 * 3_600_000, auto: null });
  });

  it('refuses an unknown pipeline kind in one line naming the key', () => {
    const dir = tempDir('training-cfg');
    writeFileSync(`${dir}/steward.yaml`, 'training:\n  churn-predictor:\n    pipeline: { kind: airflow }\n');
    const r = loadConfig({}, dir);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([expect.stringMatching(/training\.churn-predictor\.pipeline.*pipeline kind is github-actions, webhook or record/)]);
  });
});
