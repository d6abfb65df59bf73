import { describe, expect, it } from 'vitest';
import { attachLabels } from '../../../src/monitoring/attach-labels.js';
import { arrayRows, logPredictions } from '../../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../../src/registry/register-version.js';
import { harness } from '../../helpers/harness.js';
import { readFixture, seedDriftScenario, SYSTEM } from '../../helpers/monitoring-fixtures.js';

/** bias.csv as labelled predictions of credit-model v1 in production (age_band fails four-fifths, sex passes at 0.816). */
async function seedBias(h: ReturnType<typeof harness>) {
  await registerVersion(h.store, h.clock, SYSTEM, { model: 'credit-model', version: { artifactUri: 's3://m/c1' } });
  const t = await readFixture('bias.csv', ['sex', 'age_band', 'label', 'prediction', 'outcome', 'decision']);
  const col = (n: string) => t.columns.find((c) => c.name === n)! as unknown as { codes: Int32Array; categories: string[] };
  const val = (n: string, i: number) => (col(n).codes[i]! < 0 ? null : col(n).categories[col(n).codes[i]!]!);
  const start = new Date(h.clock.now().getTime() - 86_400_000);
  const preds = [];
  const labels = [];
  for (let i = 0; i < t.rows; i++) {
    preds.push({ id: `c-${i}`, timestamp: new Date(start.getTime() + i * 1000).toISOString(), features: { x: i }, prediction: Number(val('prediction', i)), sensitive: { sex: val('sex', i)!, age_band: val('age_band', i)! } });
    if (val('label', i) !== null) labels.push({ id: `c-${i}`, label: Number(val('label', i)) });
  }
  const l = await logPredictions(h.deps, SYSTEM, { model: 'credit-model', version: 1, environment: 'production' }, arrayRows(preds, 'predictions'));
  if (!l.ok) throw new Error(l.error.message);
  const a = await attachLabels(h.deps, SYSTEM, 'credit-model', arrayRows(labels, 'labels'));
  if (!a.ok) throw new Error(a.error.message);
}

describe('/mlops drift … --fail-on', () => {
  it('shows the whole report with a clear line that the check failed, and fails as a check (gate_failed)', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops drift fraud-detector production --fail-on drift');
    expect(r.error).toBe('gate_failed');
    expect(r.ephemeral).toBeFalsy();
    expect(r.out).toMatch(/Check failed: --fail-on drift: 4 features at drift or worse: /);
    expect(r.out).toMatch(/Dataset drift: yes — 4 of 7 features drifted/);
    expect(r.images).toHaveLength(1);
    expect(r.data).toMatchObject({ datasetDrift: true, check: { failOn: 'drift', failed: true } });
    expect((await h.say('/mlops drift fraud-detector production --fail-on possible_drift')).error).toBe('gate_failed');
    expect((await h.say('/mlops drift fraud-detector production --fail-on dataset')).out).toMatch(/Check failed: --fail-on dataset: dataset drift detected/);
  });

  it('says the check passed when nothing crosses it', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops drift fraud-detector production --window 1h --fail-on drift');
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/Check passed: --fail-on drift/);
  });

  it('refuses a tier outside the file form’s vocabulary, naming it', async () => {
    const h = harness();
    const r = await h.say('/mlops drift fraud-detector production --fail-on everything');
    expect(r.error).toBe('bad_input');
    expect(r.out).toMatch(/--fail-on: takes drift, possible_drift or dataset, got "everything"/);
  });
});

describe('/mlops bias … --fail-on', () => {
  it('four-fifths fails on age_band; a metric bound passes or fails like the file form', async () => {
    const h = harness();
    await seedBias(h);
    const ff = await h.say('/mlops bias credit-model production --fail-on four-fifths');
    expect(ff.error).toBe('gate_failed');
    expect(ff.out).toMatch(/Check failed: --fail-on four-fifths: age_band: four-fifths screen flagged/);
    expect(ff.out).toMatch(/Four-fifths screen flagged for age_band/);
    const eo = await h.say('/mlops bias credit-model production --fail-on equalizedOddsRatio<0.7');
    expect(eo.out).toMatch(/--fail-on equalizedOddsRatio<0\.7: age_band: equalizedOddsRatio 0\.5108 < 0\.7; sex: equalizedOddsRatio 0\.6433 < 0\.7/);
    const calm = await h.say('/mlops bias credit-model production --fail-on demographicParityDifference>0.9');
    expect(calm.error).toBeUndefined();
    expect(calm.data).toMatchObject({ check: { failOn: 'demographicParityDifference>0.9', failed: false } });
  });

  it('refuses a check it does not know', async () => {
    const h = harness();
    const r = await h.say('/mlops bias credit-model production --fail-on accuracy<0.9');
    expect(r.error).toBe('bad_input');
    expect(r.out).toMatch(/--fail-on: takes four-fifths or METRIC<VALUE/);
  });
});
