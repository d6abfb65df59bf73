import { table } from '../chat/replies/builders.js';
import { fmtNumber } from '../core/format.js';
import { METRIC_LABEL } from '../monitoring/chat/quality-report.js';
import type { Scalar } from '../monitoring/domain/monitoring-store.js';
import { measureQualityRows } from '../monitoring/domain/profile/profile-quality.js';
import type { QualityRow } from '../monitoring/domain/profile/quality-profile.js';
import { crossedQuality, notComputed, parseQualityChecks } from '../monitoring/domain/quality-check.js';
import type { QualityTask } from '../monitoring/domain/stats/quality.js';
import { readTable } from '../monitoring/io/read-table.js';
import type { ColumnData } from '../monitoring/io/table.js';
import type { CliIo } from './cli-io.js';
import { checkFormat, fail, print, progressFor } from './monitoring-cli-shared.js';

export interface QualityCliOptions {
  readonly data?: string;
  readonly label?: string;
  readonly prediction?: string;
  readonly score?: string;
  readonly positive?: string;
  readonly task?: string;
  readonly format?: string;
  readonly failOn?: string;
}

const TASKS = ['binary', 'multiclass', 'regression'];

/** A cell as the quality counts take it: a number, a text, or null when missing. */
function cell(c: ColumnData, i: number): Scalar {
  if (c.kind === 'numeric') return Number.isNaN(c.values[i]!) ? null : c.values[i]!;
  return c.codes[i]! < 0 ? null : c.categories[c.codes[i]!]!;
}

/**
 * `steward quality --data FILE --label COL --prediction COL [--score COL]`: quality metrics of a
 * file of labelled predictions (e.g. a candidate on a holdout set in CI), exactly — ROC AUC from
 * the rows. Exit 0 ok; 1 when --fail-on is crossed; 2 bad input — a --fail-on check this file
 * cannot answer included: a metric not computed here (MAE of a classifier, ROC AUC without
 * --score) or one not defined on these rows (precision when nothing is predicted positive).
 */
export async function qualityCommand(io: CliIo, o: QualityCliOptions): Promise<number> {
  const format = checkFormat(io, o.format);
  if (!o.data) fail(io, 'quality needs --data FILE (CSV or Parquet), or a model: steward quality <model> [env]');
  if (!o.label || !o.prediction) fail(io, 'quality needs --label COL and --prediction COL (and --score COL for ROC AUC)');
  if (o.task !== undefined && !TASKS.includes(o.task)) fail(io, `--task takes binary, multiclass or regression, got "${o.task}"`);
  const checks = o.failOn === undefined ? [] : parseQualityChecks(o.failOn);
  if ('problem' in checks) fail(io, `--fail-on: ${checks.problem}`);
  if (checks.some((c) => c.relative)) fail(io, '--fail-on: a file has no registered values; use absolute checks like roc_auc<0.85');
  const used = [o.label, o.prediction, ...(o.score ? [o.score] : [])];
  const clash = used.find((n, i) => used.indexOf(n) !== i);
  if (clash) fail(io, `column "${clash}" is given twice; the label, prediction and score columns must differ`);
  const t = await readTable({ file: o.data }, { columns: used, progress: progressFor(io) });
  if (!t.ok) fail(io, t.error.message);
  const col = (n: string) => t.value.columns.find((c) => c.name === n)!;
  const [label, prediction] = [col(o.label), col(o.prediction)];
  const score = o.score ? col(o.score) : null;
  if (score && score.kind !== 'numeric') fail(io, `--score ${o.score}: the column must hold probabilities from 0 to 1; it holds text`);
  const rows: QualityRow[] = [];
  for (let i = 0; i < t.value.rows; i++) {
    const s = score && score.kind === 'numeric' ? score.values[i]! : Number.NaN;
    if (!Number.isNaN(s) && (s < 0 || s > 1)) fail(io, `${t.value.source} row ${i + 1}: ${o.score} is ${s}; a score is the probability of the positive class, from 0 to 1`);
    const l = cell(label, i);
    rows.push({ label: l === null ? undefined : l, prediction: cell(prediction, i), score: Number.isNaN(s) ? null : s });
  }
  const m = measureQualityRows(rows, o.positive !== undefined ? { positiveLabel: o.positive } : {}, o.task as QualityTask | undefined);
  if (m.labelled === 0) fail(io, `${t.value.source}: no row has both a label and a prediction`);
  if (m.task === null || (m.problem && !m.metrics.length)) fail(io, `${t.value.source}: ${m.problem ?? 'the labels do not tell the task'}; give --task binary, multiclass or regression`);
  if (checks.length) {
    const noScore = o.score ? `no labelled row has a score in column ${o.score}` : 'it needs --score COL with the probability of the positive class';
    const missing = notComputed(checks, m.task, m.metrics.map((x) => x.name), noScore);
    if (missing) fail(io, missing);
    for (const c of checks) {
      const x = m.metrics.find((v) => v.name === c.metric)!;
      if (x.value === null) fail(io, `--fail-on ${c.text}: ${c.metric} is not defined on these rows (${x.note ?? 'no value'}), so it cannot be checked; check another metric or use other rows`);
    }
  }
  const json = { source: t.value.source, rows: m.rows, labelled: m.labelled, task: m.task, metrics: m.metrics.map((x) => ({ name: x.name, value: x.value, exact: x.bound === 0, note: x.note ?? null })), estimated: m.estimated ? { rows: m.estimated.rows, metrics: Object.fromEntries(m.estimated.metrics.map((x) => [x.name, x.value])) } : null, problem: m.problem };
  print(io, format, json, {
    title: `Quality: ${t.value.source} (${m.labelled} labelled rows, ${m.task}), label ${o.label}, prediction ${o.prediction}${o.score ? `, score ${o.score}` : ''}`,
    blocks: [table(['metric', 'value'], m.metrics.map((x) => [METRIC_LABEL[x.name], x.value === null ? `— (${x.note})` : fmtNumber(x.value)]))],
  });
  if (checks.length) {
    const { crossed } = crossedQuality(m.metrics.map((x) => ({ name: x.name, value: x.value, registered: null })), checks);
    if (crossed.length) fail(io, `--fail-on ${o.failOn}: ${crossed.join('; ')}`, 1);
  }
  return 0;
}
