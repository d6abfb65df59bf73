import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/config.js';
import { buildBiasReport } from '../../../src/monitoring/chat/bias-report.js';
import { attachLabels } from '../../../src/monitoring/attach-labels.js';
import { arrayRows, logPredictions } from '../../../src/monitoring/log-predictions.js';
import { measuredEvaluation } from '../../../src/monitoring/measured-evaluation.js';
import { registerVersion } from '../../../src/registry/register-version.js';
import { harness } from '../../helpers/harness.js';
import { expectClose, expectedCli, readFixture, REL, seedDriftScenario, SYSTEM } from '../../helpers/monitoring-fixtures.js';
import { testConfig } from '../../helpers/test-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** bias.csv logged as predictions of credit-model v1 in production, labels attached afterwards by id. */
async function seedBias(h: ReturnType<typeof harness>, opts: { textLabels?: boolean } = {}) {
  await registerVersion(h.store, h.clock, SYSTEM, { model: 'credit-model', version: { artifactUri: 's3://m/c1' } });
  const t = await readFixture('bias.csv', ['sex', 'age_band', 'label', 'prediction', 'outcome', 'decision']);
  const col = (n: string) => t.columns.find((c) => c.name === n)! as unknown as { codes: Int32Array; categories: string[] };
  const val = (n: string, i: number) => (col(n).codes[i]! < 0 ? null : col(n).categories[col(n).codes[i]!]!);
  const start = new Date(h.clock.now().getTime() - 86_400_000);
  const preds = [];
  const labels = [];
  for (let i = 0; i < t.rows; i++) {
    preds.push({ id: `c-${i}`, timestamp: new Date(start.getTime() + i * 1000).toISOString(), features: { x: i }, prediction: opts.textLabels ? val('decision', i)! : Number(val('prediction', i)), sensitive: { sex: val('sex', i)!, age_band: val('age_band', i)! } });
    const y = opts.textLabels ? val('outcome', i) : val('label', i);
    if (y !== null) labels.push({ id: `c-${i}`, label: opts.textLabels ? y : Number(y) });
  }
  const l = await logPredictions(h.deps, SYSTEM, { model: 'credit-model', version: 1, environment: 'production' }, arrayRows(preds, 'predictions'));
  if (!l.ok) throw new Error(l.error.message);
  const a = await attachLabels(h.deps, SYSTEM, 'credit-model', arrayRows(labels, 'labels'));
  if (!a.ok) throw new Error(a.error.message);
}

function configWith(yaml: string): Config {
  const dir = tempDir('bias-cfg');
  writeFileSync(`${dir}/steward.yaml`, yaml);
  return testConfig({}, dir);
}

describe('/mlops bias', () => {
  it('per-group rates and Fairlearn metrics per sensitive attribute, the four-fifths screen and a chart', async () => {
    const h = harness();
    await seedBias(h);
    const r = await h.say('/mlops bias credit-model production');
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Bias: credit-model v1 in production');
    expect(r.out).toMatch(/Four-fifths screen flagged for age_band — a screening heuristic, not a verdict/);
    expect(r.out).toMatch(/unknown\s+82\s+0\.09756\s+undefined \(no positives\)/);
    expect(r.out).toMatch(/Labelled predictions:\s+2972/);
    expect(r.images?.[0]?.title).toBe('Selection rate by group');
    // attributes are sorted by name; values equal the numpy-computed fixture (same rows)
    const e = expectedCli().bias[0];
    const got = r.data as { attributes: { attribute: string; [k: string]: unknown }[] };
    for (const ea of e.attributes) {
      const a = got.attributes.find((x) => x.attribute === ea.attribute)!;
      for (const k of ['demographicParityRatio', 'equalOpportunityDifference', 'equalizedOddsRatio']) expectClose(a[k] as number, ea[k], REL, `${ea.attribute} ${k}`);
    }
  });

  it('text labels need monitoring.models.<m>.positiveLabel; with it the metrics match the --positive run', async () => {
    const plain = harness();
    await seedBias(plain, { textLabels: true });
    const refused = await plain.say('/mlops bias credit-model production');
    expect(refused.error).toBe('bad_input');
    expect(refused.out).toMatch(/Bias needs binary labels: credit-model has labels "denied", "approved"|Bias needs binary labels: credit-model has labels "approved", "denied"/);
    const h = harness({ config: configWith('monitoring:\n  models:\n    credit-model:\n      positiveLabel: approved\n') });
    await seedBias(h, { textLabels: true });
    const r = await buildBiasReport(h.deps, { model: 'credit-model', env: 'production' });
    if (!r.ok) throw new Error(r.error.message);
    const e = expectedCli().bias[1].attributes[0];
    const sex = r.value.summary.attributes.find((a) => a.attribute === 'sex')!;
    expectClose(sex.demographicParityRatio, e.demographicParityRatio, REL, 'dp ratio');
    expectClose(sex.equalizedOddsDifference, e.equalizedOddsDifference, REL, 'eo diff');
  });

  it('says so when nothing is labelled yet', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops bias fraud-detector production');
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('No labelled predictions were logged for fraud-detector v1 in production in the last 7d');
  });
});

describe('measuredEvaluation (for governance gates)', () => {
  it('gives the drift share and the worst fairness values of a version in an environment', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    await seedBias(h);
    const fd = await measuredEvaluation(h.deps, 'fraud-detector', 1, 'production');
    expect(fd.driftShare).toBeCloseTo(4 / 7, 15);
    expect(fd.fairness).toBeUndefined();
    expect(fd.basis).toEqual({ environment: 'production', window: '7d', predictions: 2000, labelled: 0 });
    const cm = await measuredEvaluation(h.deps, 'credit-model', 1, 'production');
    expect(cm.driftShare).toBeUndefined();
    expect(cm.notes.join(' ')).toMatch(/no reference data/);
    const e = expectedCli().bias[0].attributes;
    expectClose(cm.fairness!.demographicParityRatio!, Math.min(...e.map((a: { demographicParityRatio: number }) => a.demographicParityRatio)), REL, 'worst dp ratio');
    expectClose(cm.fairness!.equalizedOddsDifference!, Math.max(...e.map((a: { equalizedOddsDifference: number }) => a.equalizedOddsDifference)), REL, 'worst eo diff');
    const none = await measuredEvaluation(h.deps, 'fraud-detector', 1, 'staging');
    expect(none.driftShare).toBeUndefined();
    expect(none.notes.join(' ')).toMatch(/no predictions of v1 in staging/);
  });
});
