import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { csvToParquet, expectClose, expectedCli, fixture, REL, REL_P } from '../helpers/monitoring-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const env = { STEWARD_DATA_DIR: '/nonexistent-steward-dir', LOG_LEVEL: 'silent' };
const tmp = tempDir('drift-cli');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
}

const exp = expectedCli();

type ExpectedFeature = { name: string; kind: string; test: string; score: number | null; status: string; expected: Record<string, any> };

function checkDrift(json: any, e: any) {
  expect(json.features.map((f: any) => f.name)).toEqual(e.features.map((f: ExpectedFeature) => f.name));
  for (const [i, ef] of (e.features as ExpectedFeature[]).entries()) {
    const f = json.features[i];
    const x = ef.expected;
    expect({ kind: f.kind, test: f.test, status: f.status }, ef.name).toEqual({ kind: ef.kind, test: ef.test, status: ef.status });
    expect(f.missing, ef.name).toEqual({ reference: x.missingReference, current: x.missingCurrent });
    expectClose(f.score, ef.score, ef.test === 'ks' || ef.test === 'chiSquare' ? REL_P : REL, `${ef.name} score`);
    if (ef.status === 'not_testable') continue;
    if (ef.kind === 'numeric') {
      expectClose(f.ks.statistic, x.ks.statistic, REL, `${ef.name} ks D`);
      expectClose(f.ks.pValue, x.ks.pValue, REL_P, `${ef.name} ks p`);
      expectClose(f.wasserstein, x.wasserstein, REL, `${ef.name} W1`);
      expectClose(f.wassersteinNormed, x.wassersteinNormed, REL, `${ef.name} W1 normed`);
    } else {
      expectClose(f.chiSquare.statistic, x.chiSquare.statistic, REL, `${ef.name} chi2`);
      expectClose(f.chiSquare.pValue, x.chiSquare.pValue, REL_P, `${ef.name} chi2 p`);
      expect(f.chiSquare.dof, ef.name).toBe(x.chiSquare.dof);
    }
    expectClose(f.psi, x.psi, REL, `${ef.name} psi`);
    expectClose(f.jensenShannon, x.jensenShannon, REL, `${ef.name} JS`);
  }
  expectClose(json.shareDrifted, e.shareDrifted, 1e-15, 'shareDrifted');
  expect(json.datasetDrift).toBe(e.datasetDrift);
  expect(json.rows).toEqual(e.rows);
}

function checkAttribute(actual: any, e: any) {
  expect(actual.attribute).toBe(e.attribute);
  expect(actual.groups.map((g: any) => [g.group, g.count])).toEqual(e.groups.map((g: any) => [g.group, g.count]));
  for (const [i, g] of e.groups.entries()) {
    for (const k of ['selectionRate', 'tpr', 'fpr', 'accuracy']) expectClose(actual.groups[i][k], g[k], REL, `${e.attribute}/${g.group} ${k}`);
  }
  for (const k of ['demographicParityDifference', 'demographicParityRatio', 'equalOpportunityDifference', 'equalOpportunityRatio', 'equalizedOddsDifference', 'equalizedOddsRatio']) {
    expectClose(actual[k], e[k], REL, `${e.attribute} ${k}`);
  }
  expect(actual.fourFifths.flagged).toBe(e.fourFifthsFlag);
}

describe('steward drift reproduces scipy/numpy values', () => {
  beforeAll(() => {
    for (const f of ['reference-large', 'current-large', 'reference-small', 'current-small']) csvToParquet(fixture(`${f}.csv`), join(tmp, `${f}.parquet`), ['zip']);
  });

  for (const e of exp.drift) {
    const cat = e.categorical.length ? ['--categorical', e.categorical.join(',')] : [];
    it(`${e.reference} vs ${e.current} from CSV: every statistic to 1e-9, p-values to 1e-6, tiers and share`, async () => {
      const r = await run('drift', '--reference', fixture(e.reference), '--current', fixture(e.current), ...cat, '--format', 'json');
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      checkDrift(JSON.parse(r.out), e);
    });

    it(`${e.reference} vs ${e.current} from Parquet (typed columns, several row groups): the same values`, async () => {
      const p = (n: string) => join(tmp, n.replace('.csv', '.parquet'));
      const r = await run('drift', '--reference', p(e.reference), '--current', p(e.current), ...cat, '--format', 'json');
      expect(r.err).toEqual([]);
      checkDrift(JSON.parse(r.out), e);
      // Mixed: CSV reference, Parquet current.
      const m = await run('drift', '--reference', fixture(e.reference), '--current', p(e.current), ...cat, '--format', 'json');
      checkDrift(JSON.parse(m.out), e);
    });
  }

  it('the table format names each feature’s test, score, tier and missing counts', async () => {
    const e = exp.drift[0];
    const r = await run('drift', '--reference', fixture(e.reference), '--current', fixture(e.current), '--categorical', 'zip');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Dataset drift: yes — 4 of 7 features drifted \(57\.1%\)/);
    expect(r.out).toMatch(/income\s+numeric\s+Wasserstein \(normed\)\s+0\.512\s+≥ 0\.1\s+DRIFT/);
    expect(r.out).toMatch(/discount\s+numeric\s+Wasserstein \(normed\)\s+—\s+≥ 0\.1\s+not testable\s+0\/2000/);
  });

  it('--columns restricts the comparison; without --categorical the zip codes are compared as numbers', async () => {
    const e = exp.drift[0];
    const r = await run('drift', '--reference', fixture(e.reference), '--current', fixture(e.current), '--columns', 'zip,score', '--format', 'json');
    const j = JSON.parse(r.out);
    expect(j.features.map((f: any) => [f.name, f.kind])).toEqual([['zip', 'numeric'], ['score', 'numeric']]);
  });

  it('--fail-on: exit 1 when crossed (with the report still printed), 0 when not', async () => {
    const e = exp.drift[1];
    const args = ['drift', '--reference', fixture(e.reference), '--current', fixture(e.current), '--format', 'json'];
    const drifted = await run(...args, '--fail-on', 'drift');
    expect(drifted.code).toBe(1);
    expect(JSON.parse(drifted.out).features.length).toBe(5);
    expect(drifted.err).toEqual([expect.stringMatching(/^steward: --fail-on drift: \d+ features? at drift or worse: .*y/)]);
    const dataset = await run(...args, '--fail-on', 'dataset');
    expect(dataset.code).toBe(e.datasetDrift ? 1 : 0);
    const calm = await run('drift', '--reference', fixture(e.reference), '--current', fixture(e.current), '--columns', 'x', '--fail-on', 'possible_drift');
    expect(calm.code).toBe(0);
  });
});

describe('steward bias reproduces numpy (Fairlearn definitions)', () => {
  it('two sensitive attributes: one object per attribute under "attributes"; a group without positives has tpr null', async () => {
    const e = exp.bias[0];
    const r = await run('bias', '--data', fixture(e.data), '--sensitive', e.sensitive.join(','), '--label', e.label, '--prediction', e.prediction, '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.attributes).toHaveLength(2);
    j.attributes.forEach((a: any, i: number) => checkAttribute(a, e.attributes[i]));
    expect(j.attributes[1].groups.find((g: any) => g.group === 'unknown').tpr).toBeNull();
    expect(j.attributes[1].notes.join(' ')).toMatch(/'unknown' has no positives/);
  });

  it('--positive VALUE with text labels, from Parquet too; one attribute gives a flat object', async () => {
    const e = exp.bias[1];
    csvToParquet(fixture('bias.csv'), join(tmp, 'bias.parquet'));
    for (const file of [fixture(e.data), join(tmp, 'bias.parquet')]) {
      const r = await run('bias', '--data', file, '--sensitive', 'sex', '--label', e.label, '--prediction', e.prediction, '--positive', 'approved', '--format', 'json');
      expect(r.code).toBe(0);
      checkAttribute(JSON.parse(r.out), e.attributes[0]);
    }
  });

  it('--fail-on four-fifths and METRIC<VALUE: exit 1 only when crossed', async () => {
    const base = ['bias', '--data', fixture('bias.csv'), '--label', 'label', '--prediction', 'prediction'];
    expect((await run(...base, '--sensitive', 'age_band', '--fail-on', 'four-fifths')).code).toBe(1);
    expect((await run(...base, '--sensitive', 'sex', '--fail-on', 'four-fifths')).code).toBe(0); // ratio 0.816
    const r = await run(...base, '--sensitive', 'sex', '--fail-on', 'equalizedOddsRatio<0.7');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([expect.stringMatching(/^steward: --fail-on equalizedOddsRatio<0\.7: sex: equalizedOddsRatio 0\.6433 < 0\.7$/)]);
    expect((await run(...base, '--sensitive', 'sex', '--fail-on', 'demographicParityDifference>0.1')).code).toBe(0);
  });
});

describe('bad input: exit 2, one line on stderr naming the problem, nothing on stdout', () => {
  const write = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['drift', '--reference', join(tmp, 'nope.csv'), '--current', fixture('current-small.csv')], /nope\.csv: no such file/],
    ['a missing column', () => ['drift', '--reference', fixture('reference-small.csv'), '--current', write('cur-nocol.csv', 'x,y,k,color\n1,2,3,red\n')], /cur-nocol\.csv: no column "flag"; its columns are x, y, k, color/],
    ['--columns naming an unknown column', () => ['drift', '--reference', fixture('reference-small.csv'), '--current', fixture('current-small.csv'), '--columns', 'x,nope'], /reference-small\.csv: no column "nope"/],
    ['a non-numeric value in a numeric column', () => ['drift', '--reference', write('r.csv', 'a,b\n1,x\n2,y\n3,z\n'), '--current', write('c.csv', 'a,b\n1,x\n2,y\nn/a,z\n')], /c\.csv: row 3, column "a": "n\/a" is not a number, but the column is numeric in the reference/],
    ['an empty file', () => ['drift', '--reference', write('empty.csv', ''), '--current', fixture('current-small.csv')], /empty\.csv is empty/],
    ['a header without rows', () => ['drift', '--reference', fixture('reference-small.csv'), '--current', write('header.csv', 'x,y,k,color,flag\n')], /header\.csv has a header but no data rows/],
    ['a ragged CSV', () => ['drift', '--reference', write('ragged.csv', 'a,b\n1,2\n3\n'), '--current', fixture('current-small.csv')], /ragged\.csv: not a valid CSV file: .*record length/i],
    ['an unknown file type', () => ['drift', '--reference', write('data.xlsx', 'x'), '--current', fixture('current-small.csv')], /unknown file type "\.xlsx"; use a \.csv or \.parquet file/],
    ['a corrupt Parquet file', () => ['drift', '--reference', write('bad.parquet', 'not parquet at all'), '--current', fixture('current-small.csv')], /bad\.parquet: not a readable Parquet file/],
    ['labels that are not binary', () => ['bias', '--data', write('multi.csv', 's,y,p\na,0,1\nb,2,0\n'), '--sensitive', 's', '--label', 'y', '--prediction', 'p'], /labels are not binary: column "y" has "2" \(first at row 2\)/],
    ['a bad --fail-on', () => ['bias', '--data', fixture('bias.csv'), '--sensitive', 'sex', '--label', 'label', '--prediction', 'prediction', '--fail-on', 'accuracy<0.9'], /--fail-on takes four-fifths or METRIC<VALUE/],
    ['a --fail-on metric the file leaves undefined (no positive label: no tpr)', () => ['bias', '--data', write('no-pos.csv', 'sex,y,y_hat\nm,0,1\nf,0,0\nm,0,0\nf,0,1\n'), '--sensitive', 'sex', '--label', 'y', '--prediction', 'y_hat', '--fail-on', 'equalOpportunityRatio<0.8'], /^steward: --fail-on equalOpportunityRatio<0\.8: sex: equalOpportunityRatio is not defined on these rows \(no group has a defined tpr: its difference and ratio are null\), so it cannot be checked/],
    ['a bad --format', () => ['drift', '--reference', fixture('reference-small.csv'), '--current', fixture('current-small.csv'), '--format', 'xml'], /--format takes json or table, got "xml"/],
  ];
  for (const [what, argv, msg] of cases) {
    it(what, async () => {
      const r = await run(...argv());
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^steward: /);
      expect(r.err[0]).toMatch(msg);
      expect(r.err[0]).not.toMatch(/\n|\bat .*:\d+:\d+/);
    });
  }
});

describe('the steward process', () => {
  it('exits 1 on --fail-on with JSON on stdout and one line on stderr', async () => {
    const e = exp.drift[1];
    const p = exec('node', ['bin/steward.js', 'drift', '--reference', fixture(e.reference), '--current', fixture(e.current), '--format', 'json', '--fail-on', 'drift'], { cwd: root, env: { ...process.env, ...env } });
    const r = await p.then(() => ({ code: 0, stdout: '', stderr: '' }), (x: { code: number; stdout: string; stderr: string }) => x);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).datasetDrift).toBe(e.datasetDrift);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
