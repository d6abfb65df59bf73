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
});
