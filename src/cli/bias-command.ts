import { biasFailure, parseBiasFailOn } from '../monitoring/chat/fail-on.js';
import { biasReport } from '../monitoring/domain/stats/index.js';
import { binaryColumn } from '../monitoring/io/binary-column.js';
import { biasJson } from '../monitoring/io/drift-json.js';
import { readTable } from '../monitoring/io/read-table.js';
import { biasAttributeBlocks } from '../monitoring/io/report-view.js';
import type { CategoricalColumnData } from '../monitoring/io/table.js';
import type { CliIo } from './cli-io.js';
import { checkFormat, fail, nameList, print, progressFor } from './monitoring-cli-shared.js';
import { counted } from '../core/format.js';

export interface BiasCliOptions {
  readonly data?: string;
  readonly sensitive?: string;
  readonly label?: string;
  readonly prediction?: string;
  readonly positive?: string;
  readonly format?: string;
  readonly failOn?: string;
}

/**
 * `steward bias --data FILE --sensitive COL[,COL] --label COL --prediction COL`: group fairness
 * metrics for a binary classifier. Exit 0 ok; 1 when --fail-on is crossed; 2 bad input — a
 * --fail-on metric this file leaves undefined for an attribute included.
 */
export async function biasCommand(io: CliIo, o: BiasCliOptions): Promise<number> {
  const format = checkFormat(io, o.format);
  if (!o.data) fail(io, 'bias needs --data FILE (CSV or Parquet), or a model: steward bias <model> [env]');
  const sensitive = nameList(io, '--sensitive', o.sensitive);
  if (!sensitive || !o.label || !o.prediction) fail(io, 'bias needs --sensitive COL[,COL], --label COL and --prediction COL');
  const checks = o.failOn === undefined ? [] : parseBiasFailOn(o.failOn);
  if ('problem' in checks) fail(io, `--fail-on ${checks.problem}`);
  const used = [...sensitive, o.label, o.prediction];
  const clash = used.find((n, i) => used.indexOf(n) !== i);
  if (clash) fail(io, `column "${clash}" is given twice; the sensitive, label and prediction columns must differ`);

  const t = await readTable({ file: o.data }, { columns: used, categorical: used, progress: progressFor(io) });
  if (!t.ok) fail(io, t.error.message);
  const col = (n: string) => t.value.columns.find((c) => c.name === n) as CategoricalColumnData;
  const y = binaryColumn(col(o.label), 'labels', o.positive);
  if ('problem' in y) fail(io, y.problem);
  const yhat = binaryColumn(col(o.prediction), 'predictions', o.positive);
  if ('problem' in yhat) fail(io, yhat.problem);

  const report = biasReport(y.values, yhat.values, sensitive.map((s) => ({ attribute: s, codes: col(s).codes, groups: col(s).categories })));
  // a check on a metric this file leaves undefined for an attribute would pass without checking it: refused
  for (const c of checks) {
    if (c.kind !== 'metric') continue;
    for (const a of report.attributes) {
      if (a[c.metric] !== null) continue;
      const why = a.notes.find((n) => /^(no group has a defined|every group's)/.test(n)) ?? 'no group has a rate to compare';
      fail(io, `--fail-on ${c.metric}${c.op}${c.value}: ${a.attribute}: ${c.metric} is not defined on these rows (${why}), so it cannot be checked; check another metric or use other rows`);
    }
  }
  print(io, format, biasJson(report, t.value.rows), {
    title: `Bias: ${t.value.source} (${counted(t.value.rows, 'row')}), label ${o.label}, prediction ${o.prediction}`,
    blocks: report.attributes.flatMap(biasAttributeBlocks),
  });
  const failure = o.failOn === undefined ? null : biasFailure(o.failOn, checks, report.attributes);
  if (failure) fail(io, failure, 1);
  return 0;
}
