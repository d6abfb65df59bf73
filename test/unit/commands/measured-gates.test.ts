import { describe, expect, it } from 'vitest';
import { seedDriftScenario } from '../../helpers/monitoring-fixtures.js';
import { harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';

describe('gates read what monitoring measured', () => {
  it('the drift gate uses the share of drifted features measured on the version’s logged predictions', async () => {
    const h = harness({ config: configFromYaml('policies:\n  production:\n    approvals: 1\n    approverRoles: [admin]\n    gates:\n      drift: { maxShare: 0.3 }\n') });
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops deploy fraud-detector 1 to production', 'alice');
    expect(r.out).toContain('✗ 57.14% of features drifted, more than 30%');
    const report = await h.say('/mlops drift fraud-detector production', 'alice');
    expect(report.out).toMatch(/4 of 7/);
  });
});
