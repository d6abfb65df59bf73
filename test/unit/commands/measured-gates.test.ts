import { describe, expect, it } from 'vitest';
import { seedDriftScenario } from '../../helpers/monitoring-fixtures.js';
import { harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';
import { logLabelled, registerWithMetrics } from '../../helpers/quality-fixtures.js';

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

const QUALITY_POLICY = `policies:
  production:
    approvals: 1
    approverRoles: [admin]
    gates:
      quality: { checks: "accuracy<registered-0.02", environment: staging, minLabelled: 100 }
`;

describe('the quality gate reads live quality measured on the candidate’s labelled predictions', () => {
  it('blocks a deploy whose accuracy in staging is more than 0.02 below the registered one, with the numbers on the card', async () => {
    const h = harness({ config: configFromYaml(QUALITY_POLICY) });
    const v = await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await logLabelled(h.deps, { model: 'churn-predictor', version: v, env: 'staging', n: 200, accuracy: 0.8 });
    const r = await h.say('/mlops deploy churn-predictor 1 to production', 'alice');
    expect(r.out).toContain('✗ quality: accuracy 0.8 < registered 0.95 − 0.02 (200 labelled predictions in staging, last 7d)');
    expect(r.out).toMatch(/Blocked by 1 failed gate/);
  });

  it('passes when the live accuracy is within the tolerance, showing live and registered values', async () => {
    const h = harness({ config: configFromYaml(QUALITY_POLICY) });
    await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await logLabelled(h.deps, { model: 'churn-predictor', version: 1, env: 'staging', n: 200, accuracy: 0.94 });
    const r = await h.say('/mlops deploy churn-predictor 1 to production', 'alice');
    expect(r.out).toContain('✓ quality: accuracy 0.94 (registered 0.95) — none of accuracy<registered-0.02 (200 labelled predictions in staging, last 7d)');
    expect(r.out).not.toMatch(/Blocked by/);
  });

  it('says "not enough labels yet" below minLabelled (failing closed), and "not measured" without predictions', async () => {
    const h = harness({ config: configFromYaml(QUALITY_POLICY) });
    await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await logLabelled(h.deps, { model: 'churn-predictor', version: 1, env: 'staging', n: 200, labelled: 40, accuracy: 1 });
    const r = await h.say('/mlops deploy churn-predictor 1 to production', 'alice');
    expect(r.out).toContain('✗ quality: not enough labels yet — 40 of the 100 labelled predictions needed (200 predictions in staging, last 7d)');
    await registerWithMetrics(h.deps, 'fraud-detector', { accuracy: 0.95 });
    const none = await h.say('/mlops deploy fraud-detector 1 to production', 'alice');
    expect(none.out).toMatch(/✗ quality: No predictions were logged for fraud-detector v1 in staging in the last 7d/);
  });
});
