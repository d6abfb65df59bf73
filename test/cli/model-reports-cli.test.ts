import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture, readFixture, tableToPredictions } from '../helpers/monitoring-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `steward drift|bias <model> [env]` against the database: --fail-on, saved charts, and each form refusing the other's options. */
describe.each(drivers())('steward drift/bias <model> on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  const dir = tempDir('model-reports');
  const dataDir = join(dir, 'data');

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err };
  };

  beforeAll(async () => {
    if (driver === 'postgres') {
      pg = await freshDatabase('postgres');
      env = { DATABASE_URL: pg.url!, STEWARD_DATA_DIR: dataDir, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    } else env = { STEWARD_DATA_DIR: dataDir, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    // drift: the large fixtures as reference and logged predictions of fraud-detector v1 in production
    expect((await run('register', 'fraud-detector', 's3://m/1.pkl')).code).toBe(0);
    expect((await run('reference', 'upload', 'fraud-detector', '1', fixture('reference-large.csv'), '--categorical', 'zip')).code).toBe(0);
    const ref = await readFixture('reference-large.csv', ['zip']);
    const cur = await readFixture('current-large.csv', ['zip'], new Map(ref.columns.map((c) => [c.name, c.kind])));
    const start = new Date(Date.now() - 3 * 3_600_000);
    const drift = join(dir, 'drift.jsonl');
    writeFileSync(drift, `${tableToPredictions(cur, { idPrefix: 'p', start, stepMs: 1000 }).map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect((await run('log-predictions', drift, '--model', 'fraud-detector', '--version', '1', '--env', 'production')).code).toBe(0);
    // bias: bias.csv as labelled predictions with sensitive attributes of credit-model v1
    expect((await run('register', 'credit-model', 's3://m/c1.pkl')).code).toBe(0);
    const t = await readFixture('bias.csv', ['sex', 'age_band', 'label', 'prediction']);
    const col = (n: string) => t.columns.find((c) => c.name === n)! as unknown as { codes: Int32Array; categories: string[] };
    const val = (n: string, i: number) => (col(n).codes[i]! < 0 ? null : col(n).categories[col(n).codes[i]!]!);
    const rows = [];
    for (let i = 0; i < t.rows; i++) {
      rows.push({ id: `c-${i}`, timestamp: new Date(start.getTime() + i * 1000).toISOString(), features: { x: i }, prediction: Number(val('prediction', i)), label: val('label', i) === null ? null : Number(val('label', i)), sensitive: { sex: val('sex', i), age_band: val('age_band', i) } });
    }
    const bias = join(dir, 'bias.jsonl');
    writeFileSync(bias, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const logged = await run('log-predictions', bias, '--model', 'credit-model', '--version', '1', '--env', 'production');
    expect(logged.err).toEqual([]);
  }, 120_000);
  afterAll(async () => pg?.close());

  it('--fail-on drift exits 1 with the report on stdout, one line on stderr, and the chart saved under $STEWARD_DATA_DIR/images', async () => {
    const r = await run('drift', 'fraud-detector', 'production', '--fail-on', 'drift');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Check failed: --fail-on drift: 4 features at drift or worse/);
    expect(r.out).toMatch(/Dataset drift: yes — 4 of 7 features drifted/);
    expect(r.err).toEqual([expect.stringMatching(/^steward: --fail-on drift: 4 features at drift or worse: [a-z, ]+$/)]);
    const chart = /\[chart\] Reference vs current: (\S+\.png)/.exec(r.out)?.[1];
    expect(chart?.startsWith(join(dataDir, 'images'))).toBe(true);
    expect(existsSync(chart!)).toBe(true);
  });

  it('--format json keeps the report and its check; --out DIR chooses where the chart goes', async () => {
    const out = join(dir, 'charts');
    const r = await run('drift', 'fraud-detector', 'production', '--fail-on', 'dataset', '--format', 'json', '--out', out);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ datasetDrift: true, check: { failOn: 'dataset', failed: true, reason: '--fail-on dataset: dataset drift detected' } });
    expect(j.charts).toEqual([expect.stringMatching(new RegExp(`^${out}/drift-fraud-detector-v1-production-\\d+T\\d+\\.png$`))]);
    expect(existsSync(j.charts[0])).toBe(true);
    expect(r.err).toEqual(['steward: --fail-on dataset: dataset drift detected']);
  });

  it('exits 0 when the check passes', async () => {
    const r = await run('drift', 'fraud-detector', 'production', '--window', '1m', '--fail-on', 'drift');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Check passed: --fail-on drift/);
  });

  it('quality <model> --fail-on a metric the report does not compute exits 2 with one line naming it, printing no report', async () => {
    for (const [check, why] of [
      ['roc_auc<0.9', /^steward: --fail-on roc_auc<0\.9: roc_auc is not computed here \(none of the \d+ labelled predictions in the window carries a score; log predictions with a score, the probability of the positive class\); the metrics are accuracy, precision, recall, f1\.$/],
      ['mae>0.1', /^steward: --fail-on mae>0\.1: mae is not computed here \(it is a regression metric and this is a binary classifier\); the metrics are accuracy, precision, recall, f1\.$/],
    ] as const) {
      const r = await run('quality', 'credit-model', 'production', '--fail-on', check);
      expect(r.code).toBe(2);
      expect(r.err).toEqual([expect.stringMatching(why)]);
      expect(r.out).toBe('');
    }
    expect((await run('quality', 'credit-model', 'production', '--fail-on', 'accuracy<0.1')).code).toBe(0);
  });

  it('bias <model> --fail-on four-fifths exits 1; a metric bound that holds exits 0', async () => {
    const r = await run('bias', 'credit-model', 'production', '--fail-on', 'four-fifths');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([expect.stringMatching(/^steward: --fail-on four-fifths: age_band: four-fifths screen flagged/)]);
    expect(r.out).toMatch(/\[chart\] Selection rate by group: \S+\.png/);
    expect((await run('bias', 'credit-model', 'production', '--fail-on', 'demographicParityDifference>0.9')).code).toBe(0);
    const bad = await run('bias', 'credit-model', 'production', '--fail-on', 'accuracy<0.9');
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([expect.stringMatching(/^steward: --fail-on: takes four-fifths or METRIC<VALUE/)]);
  });

  const refused: [string, string[], RegExp][] = [
    ['drift <model> with --columns', ['drift', 'fraud-detector', '--columns', 'age'], /--columns is for files \(steward drift --reference FILE --current FILE\); with a model give drift <model> \[env\] with --window, --fail-on, --format or --out/],
    ['drift <model> with --reference and --categorical', ['drift', 'fraud-detector', 'production', '--reference', 'r.csv', '--categorical', 'zip'], /--reference, --categorical are for files/],
    ['bias <model> with --sensitive', ['bias', 'credit-model', '--sensitive', 'sex'], /--sensitive is for files \(steward bias --data FILE/],
    ['drift with files and --window', ['drift', '--reference', fixture('reference-small.csv'), '--current', fixture('current-small.csv'), '--window', '7d'], /--window is for a model's report \(steward drift <model> \[env\]\)/],
    ['bias with a file and --out', ['bias', '--data', fixture('bias.csv'), '--sensitive', 'sex', '--label', 'label', '--prediction', 'prediction', '--out', '/tmp'], /--out is for a model's report/],
    ['drift <model> with an option nobody has', ['drift', 'fraud-detector', '--nope'], /unknown option '--nope'/],
  ];
  for (const [what, argv, msg] of refused) {
    it(`refuses ${what}: exit 2, one line, nothing on stdout`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toEqual([expect.stringMatching(msg)]);
    });
  }
});
