import { DEFAULT_QUALITY, qualityThresholds } from '../../../src/config/monitoring-config.js';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

const load = (yaml: string) => {
  const dir = tempDir('moncfg');
  writeFileSync(`${dir}/steward.yaml`, yaml);
  return loadConfig({ STEWARD_DATA_DIR: '/tmp/x' }, dir);
};

describe('steward.yaml monitoring:', () => {
  it('defaults: 7d window, dataset drift at half the features, drift alerts from 500 rows, four-fifths at 0.8, groups of 10, rows kept 30 days and profiles 400', () => {
    const r = load('environments: [staging]\n');
    expect(r.ok && r.config.monitoring).toEqual({ window: '7d', driftShare: 0.5, minRows: 500, defaults: {}, fourFifths: 0.8, minGroupSize: 10, retention: { rows: 30, profiles: 400 }, quality: DEFAULT_QUALITY, models: {} });
    expect(DEFAULT_QUALITY.warning.map((c) => c.text)).toEqual(['accuracy<registered-0.02', 'roc_auc<registered-0.02']);
  });

  it('quality alert thresholds: global and per model, in the --fail-on vocabulary; a bad check is one line naming its key', () => {
    const r = load('monitoring:\n  quality: { warning: "roc_auc<registered-0.03", minLabelled: 50 }\n  models:\n    churn-predictor:\n      quality: { critical: "rmse>registered+5" }\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(qualityThresholds(r.config.monitoring, 'fraud-detector')).toMatchObject({ warning: [{ text: 'roc_auc<registered-0.03' }], critical: DEFAULT_QUALITY.critical, minLabelled: 50 });
    expect(qualityThresholds(r.config.monitoring, 'churn-predictor')).toMatchObject({ warning: [{ text: 'roc_auc<registered-0.03' }], critical: [{ metric: 'rmse', op: '>', value: 5, relative: true }] });
    const bad = load('monitoring:\n  models:\n    churn-predictor:\n      quality: { warning: "accuracy<registered+-0.02" }\n');
    expect(bad.ok ? [] : bad.problems).toEqual([{ where: 'steward.yaml: monitoring.models.churn-predictor.quality.warning', message: 'a quality check takes METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA with METRIC one of accuracy, precision, recall, f1, roc_auc, mae, rmse (got "accuracy<registered+-0.02")' }]);
  });

  it('minGroupSize and retention: set, and refused with their field when wrong', () => {
    const r = load('monitoring:\n  minGroupSize: 25\n  retention: { rows: 7d, profiles: 730d }\n');
    expect(r.ok && r.config.monitoring).toMatchObject({ minGroupSize: 25, retention: { rows: 7, profiles: 730 } });
    const bad = load('monitoring:\n  minGroupSize: 0\n  retention: { rows: 7 days }\n');
    expect(bad.ok).toBe(false);
    const text = JSON.stringify(!bad.ok && bad.problems);
    expect(text).toContain('minGroupSize is at least 1');
    expect(text).toContain('a retention is a number of days like 30d');
  });

  it('reports each bad setting with its field', () => {
    const r = load('monitoring:\n  window: 7days\n  models:\n    fd:\n      columns:\n        amount: { test: chi, threshold: 2 }\n        age: { test: ks, threshold: 2 }\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    expect(text).toMatch(/monitoring\.window: a window is a duration like 7d/);
    expect(text).toMatch(/monitoring\.models\.fd\.columns\.amount\.test/);
    expect(text).toMatch(/monitoring\.models\.fd\.columns\.age: a p-value threshold for ks is at most 1/);
  });
});
