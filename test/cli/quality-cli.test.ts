import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/temp-dir.js';

const env = { STEWARD_DATA_DIR: '/nonexistent-steward-dir', LOG_LEVEL: 'silent' };
const tmp = tempDir('quality-cli');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A fixture of test/fixtures/quality (scikit-learn's values) as a CSV file. */
function csvOf(name: string, withScore: boolean): { file: string; expected: Record<string, number> } {
  const f = JSON.parse(readFileSync(new URL(`../fixtures/quality/${name}.json`, import.meta.url), 'utf8')) as { rows: { prediction: unknown; label: unknown; score?: number }[]; expected: Record<string, number> };
  const file = `${tmp}/${name}.csv`;
  writeFileSync(file, [`y,y_hat${withScore ? ',p' : ''}`, ...f.rows.map((r) => `${r.label},${r.prediction}${withScore ? `,${r.score}` : ''}`)].join('\n'));
  return { file, expected: f.expected };
}

describe('steward quality --data FILE', () => {
  it('prints scikit-learn\'s metrics from the rows, ROC AUC exactly (JSON and table), and exits 0', async () => {
    const { file, expected } = csvOf('binary', true);
    const r = await run('quality', '--data', file, '--label', 'y', '--prediction', 'y_hat', '--score', 'p', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { task: string; metrics: { name: string; value: number; exact: boolean }[] };
    expect(j.task).toBe('binary');
    for (const m of j.metrics) {
      expect(Math.abs(m.value - expected[m.name]!) / expected[m.name]!).toBeLessThan(1e-9);
      expect(m.exact).toBe(true);
    }
    expect(j.metrics.map((m) => m.name)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'roc_auc']);
    const t = await run('quality', '--data', file, '--label', 'y', '--prediction', 'y_hat', '--score', 'p');
    expect(t.out).toMatch(/ROC AUC\s+0\.9386/);
  });

  it('regression from the labels alone; --fail-on exits 1 with the reason; bad input exits 2 with one line', async () => {
    const { file, expected } = csvOf('regression', false);
    const r = await run('quality', '--data', file, '--label', 'y', '--prediction', 'y_hat', '--format', 'json', '--fail-on', `rmse>${expected.rmse! - 0.01}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^steward: --fail-on rmse>[\d.]+: rmse [\d.]+ > [\d.]+$/);
    const j = JSON.parse(r.out) as { task: string; metrics: { name: string; value: number }[] };
    expect(j.task).toBe('regression');
    expect(Math.abs(j.metrics.find((m) => m.name === 'mae')!.value - expected.mae!) / expected.mae!).toBeLessThan(1e-9);
    for (const [argv, message] of [
      [['--label', 'y'], /quality needs --label COL and --prediction COL/],
      [['--label', 'y', '--prediction', 'y_hat', '--fail-on', 'rmse<registered-1'], /a file has no registered values/],
      [['--label', 'y', '--prediction', 'nope'], /nope/],
      [['--label', 'y', '--prediction', 'y_hat', '--task', 'ranking'], /--task takes binary, multiclass or regression, got "ranking"/],
      [['--label', 'y', '--prediction', 'y_hat', '--window', '7d'], /--window is for a model's report/],
    ] as const) {
      const bad = await run('quality', '--data', file, ...argv);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(message);
      expect(bad.err.split('\n')).toHaveLength(1);
    }
  });

  describe('--fail-on a metric this file does not give is refused (exit 2), never passed', () => {
    const q = `${tmp}/q.csv`;
    writeFileSync(q, ['label,pred,score', '1,1,0.9', '0,0,0.2', '1,0,0.4', '0,1,0.6', '1,1,0.8', '0,0,0.1'].join('\n'));
    const refused = (r: { code: number; out: string; err: string }, line: RegExp) => {
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(line);
      expect(r.out).toBe('');
    };

    it('roc_auc<0.9 without --score: names the check, why, and --score', async () => {
      const r = await run('quality', '--data', q, '--label', 'label', '--prediction', 'pred', '--fail-on', 'roc_auc<0.9');
      refused(r, /^steward: --fail-on roc_auc<0\.9: roc_auc is not computed here \(it needs --score COL with the probability of the positive class\); the metrics are accuracy, precision, recall, f1$/);
      const scored = await run('quality', '--data', q, '--label', 'label', '--prediction', 'pred', '--score', 'score', '--fail-on', 'roc_auc<0.9');
      expect(scored.code).toBe(1);
      expect(scored.err).toBe('steward: --fail-on roc_auc<0.9: roc_auc 0.8889 < 0.9');
    });

    it('mae>0.1 on a binary classifier: a regression metric', async () => {
      const r = await run('quality', '--data', q, '--label', 'label', '--prediction', 'pred', '--fail-on', 'mae>0.1');
      refused(r, /^steward: --fail-on mae>0\.1: mae is not computed here \(it is a regression metric and this is a binary classifier\); the metrics are accuracy, precision, recall, f1$/);
      const json = await run('quality', '--data', q, '--label', 'label', '--prediction', 'pred', '--format', 'json', '--fail-on', 'accuracy<0.5,rmse>1');
      refused(json, /^steward: --fail-on rmse>1: rmse is not computed here/);
    });

    it('accuracy on a regressor, and a metric not defined on these rows', async () => {
      const { file } = csvOf('regression', false);
      refused(await run('quality', '--data', file, '--label', 'y', '--prediction', 'y_hat', '--fail-on', 'accuracy<0.9'), /^steward: --fail-on accuracy<0\.9: accuracy is not computed here \(it is a classifier metric and this is a regressor\); the metrics are mae, rmse$/);
      const none = `${tmp}/none-positive.csv`;
      writeFileSync(none, ['label,pred', '1,0', '0,0', '1,0', '0,0'].join('\n'));
      refused(await run('quality', '--data', none, '--label', 'label', '--prediction', 'pred', '--fail-on', 'precision<0.5'), /^steward: --fail-on precision<0\.5: precision is not defined on these rows \(nothing was predicted positive\), so it cannot be checked/);
    });
  });
});
