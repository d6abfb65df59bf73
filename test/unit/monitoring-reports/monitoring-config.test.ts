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
  it('defaults: 7d window, dataset drift at half the features, four-fifths at 0.8', () => {
    const r = load('environments: [staging]\n');
    expect(r.ok && r.config.monitoring).toEqual({ window: '7d', driftShare: 0.5, defaults: {}, fourFifths: 0.8, models: {} });
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
