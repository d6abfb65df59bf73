import { describe, expect, it } from 'vitest';
import { datasetDrift } from '../../../src/monitoring/domain/stats/index.js';
import { driftInputs } from '../../../src/monitoring/io/drift-json.js';
import { buildDriftReport } from '../../../src/monitoring/chat/drift-report.js';
import { harness } from '../../helpers/harness.js';
import { expectedCli, seedDriftScenario } from '../../helpers/monitoring-fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('/mlops drift', () => {
  it('compares the window’s logged features with the version’s reference: headline, ranked features, PNG chart', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops drift fraud-detector production --window 7d');
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Drift: fraud-detector v1 in production');
    expect(r.out).toMatch(/Dataset drift: yes — 4 of 7 features drifted \(57\.1%\)/);
    expect(r.out).toMatch(/Window:\s+last 7d \(2026-11-20 00:00 UTC – 2026-11-27 12:00 UTC\)/); // reaches days older than 3: starts at the day
    expect(r.out).toMatch(/Rows:\s+reference 2500 · current 2000/);
    // most drifted first, with test, score and tier
    const lines = r.out.split('\n');
    const first = lines.findIndex((l) => l.startsWith('feature'));
    // from the hourly profiles: Wasserstein is shown with its bound, and the exact 0.51195 lies within it
    const row = /^income\s+numeric\s+Wasserstein \(normed\)\s+(0\.5\d+) ± (0\.\d+)\s+≥ 0\.1\s+DRIFT/.exec(lines[first + 1]!);
    expect(row, lines[first + 1]).not.toBeNull();
    expect(Math.abs(Number(row![1]) - 0.5119523)).toBeLessThanOrEqual(Number(row![2]) * 1.01);
    expect(r.out).toMatch(/discount\s+numeric.*not testable\s+0\/2000/);
    expect(r.images).toHaveLength(1);
    const img = r.images![0]!;
    expect([...img.png.slice(0, 8)]).toEqual(PNG);
    expect(img.filename).toBe('drift-fraud-detector-v1-production-20261127T1200.png');
    expect(img.alt).toMatch(/income, age, city, zip/);
  });

  it('reports the values `steward drift` computes from the same data (the JSON expected from scipy): PSI and Jensen-Shannon exactly, Wasserstein within its stated bound', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const r = await buildDriftReport(h.deps, { model: 'fraud-detector', env: 'production' });
    if (!r.ok) throw new Error(r.error.message);
    const e = expectedCli().drift[0];
    const got = r.value.summary.report!;
    expect(got.features.map((f) => [f.name, f.status])).toEqual(e.features.map((f: { name: string; status: string }) => [f.name, f.status]));
    for (const [i, f] of got.features.entries()) {
      const x = e.features[i].expected;
      if (f.status === 'not_testable') continue;
      if (f.kind === 'numeric') {
        expect(f.exact).toBe(false);
        expect(Math.abs(f.wassersteinNormed! - x.wassersteinNormed)).toBeLessThanOrEqual(f.bound!.wassersteinNormed);
        expect(f.bound!.wassersteinNormed).toBeLessThan(0.05); // well inside the 0.1 threshold
      } else expect(f.exact).toBe(true);
      expect(Math.abs(f.jensenShannon! - x.jensenShannon) / x.jensenShannon).toBeLessThan(1e-9);
      if (x.psi !== undefined) expect(Math.abs(f.psi! - x.psi) / x.psi).toBeLessThan(1e-9);
    }
    expect(r.value.summary).toMatchObject({ model: 'fraud-detector', version: 1, environment: 'production', referenceRows: 2500, currentRows: 2000, datasetDrift: true, drifted: ['income', 'age', 'city', 'zip'] });
    expect(r.value.summary.shareDrifted).toBeCloseTo(4 / 7, 15);
  });

  it('only counts predictions inside the window and in the environment asked for', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    // the 2000 predictions span 2000 minutes ending ~14.7 h before now, starting 48 h before now
    const day = await buildDriftReport(h.deps, { model: 'fraud-detector', env: 'production', window: '24h' });
    if (!day.ok) throw new Error(day.error.message);
    expect(day.value.summary.currentRows).toBe(560);
    const staging = await h.say('/mlops drift fraud-detector staging');
    expect(staging.out).toContain('No predictions were logged for fraud-detector v1 in staging');
    expect(staging.images).toBeUndefined();
    const all = await h.say('/mlops drift fraud-detector');
    expect(all.title).toBe('Drift: fraud-detector v1 (all environments)');
  });

  it('uses the version live in the environment, and per-model thresholds from steward.yaml', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    await h.say('/mlops register fraud-detector s3://m/2.pkl');
    // v2 is the latest but has no reference; nothing is live, so the report is about v2
    const latest = await h.say('/mlops drift fraud-detector production');
    expect(latest.error).toBe('not_found');
    expect(latest.out).toContain('fraud-detector v2 has no reference data to compare with: upload it with steward reference upload fraud-detector 2 FILE');
    const v1 = (await h.store.read.versions.get(1, 1))!;
    await h.store.transaction(async (tx) => ({ ok: true as const, value: await tx.deployments.create({ modelId: 1, versionId: v1.id, environment: 'production', kind: 'deploy', status: 'succeeded', requestedBy: 'cli:x', requestedAt: new Date('2026-11-01T00:00Z'), finishedAt: new Date('2026-11-01T00:05Z') }) }));
    expect((await h.say('/mlops drift fraud-detector production')).title).toBe('Drift: fraud-detector v1 in production');
  });

  it('refuses a bad window, an unknown environment and an unknown model with one line', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    expect((await h.say('/mlops drift fraud-detector production --window 7days')).out).toMatch(/--window: a window is a duration like 7d/);
    expect((await h.say('/mlops drift fraud-detector prod')).out).toMatch(/`?prod`? is not an environment/);
    expect((await h.say('/mlops drift fraud-detectr')).out).toMatch(/no model .*fraud-detectr.*Did you mean .*fraud-detector/i);
  });

  it('dataset drift threshold and tests follow steward.yaml monitoring settings', async () => {
    const { testConfig } = await import('../../helpers/test-config.js');
    const { writeFileSync } = await import('node:fs');
    const dir = tempDir('mon-cfg');
    writeFileSync(`${dir}/steward.yaml`, 'monitoring:\n  models:\n    fraud-detector:\n      driftShare: 0.9\n      columns:\n        score: { test: ks, threshold: 0.5 }\n');
    const h = harness({ config: testConfig({}, dir) });
    await seedDriftScenario(h.deps);
    const r = await buildDriftReport(h.deps, { model: 'fraud-detector', env: 'production' });
    if (!r.ok) throw new Error(r.error.message);
    const score = r.value.summary.report!.features.find((f) => f.name === 'score')!;
    expect(score.test).toBe('ks');
    expect(score.threshold).toBe(0.5);
    expect(r.value.summary.datasetDrift).toBe(false); // 4 or 5 of 7 < 0.9
  });

  it('the report matches datasetDrift on the same typed arrays (no hidden conversion): exact scores equal, bounded ones within their bound', async () => {
    const h = harness();
    const s = await seedDriftScenario(h.deps);
    const direct = datasetDrift(driftInputs(s.ref, s.cur));
    const r = await buildDriftReport(h.deps, { model: 'fraud-detector', env: 'production' });
    if (!r.ok) throw new Error(r.error.message);
    const got = r.value.summary.report!.features;
    expect(got.map((f) => [f.name, f.test, f.status])).toEqual(direct.features.map((f) => [f.name, f.test, f.status]));
    for (const [i, f] of got.entries()) {
      const d = direct.features[i]!;
      if (f.score === null || d.score === null) expect(f.score).toBe(d.score);
      else if (f.test === 'wasserstein') expect(Math.abs(f.score - d.score)).toBeLessThanOrEqual(f.bound!.wassersteinNormed);
      else if (f.test === 'ks') expect(Math.abs(f.score - d.score)).toBeLessThanOrEqual(f.bound!.ks.pValue);
      else expect(Math.abs(f.score - d.score)).toBeLessThanOrEqual(1e-9 * Math.abs(d.score));
    }
  });
});
