import { biasReport, type AttributeBias } from '../core/monitoring/stats/index.js';
import { binaryColumn } from '../monitoring-io/binary-column.js';
import { BIAS_METRICS, type BiasMetric, biasJson } from '../monitoring-io/drift-json.js';
import { readTable } from '../monitoring-io/read-table.js';
import { biasAttributeBlocks } from '../monitoring-io/report-view.js';
import type { CategoricalColumnData } from '../monitoring-io/table.js';
import type { CliIo } from './cli-io.js';
import { checkFormat, fail, nameList, print, progressFor } from './monitoring-cli-shared.js';

export interface BiasCliOptions {
  readonly data?: string;
  readonly sensitive?: string;
  readonly label?: string;
  readonly prediction?: string;
  readonly positive?: string;
  readonly format?: string;
  readonly failOn?: string;
}

export type BiasCheck = { kind: 'four-fifths' } | { kind: 'metric'; metric: BiasMetric; op: '<' | '>'; value: number };

/** "four-fifths", "demographicParityRatio<0.8", "equalizedOddsDifference>0.1", comma-separated. */
export function parseBiasFailOn(raw: string): BiasCheck[] | string {
  const out: BiasCheck[] = [];
  for (const part of raw.split(',').map((s) => s.trim())) {
    if (part === 'four-fifths') {
      out.push({ kind: 'four-fifths' });
      continue;
    }
    const m = /^([A-Za-z]+)\s*([<>])\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/.exec(part);
    if (!m || !(BIAS_METRICS as readonly string[]).includes(m[1]!)) {
      return `--fail-on takes four-fifths or METRIC<VALUE / METRIC>VALUE with METRIC one of ${BIAS_METRICS.join(', ')}; got "${part}"`;
    }
    out.push({ kind: 'metric', metric: m[1] as BiasMetric, op: m[2] as '<' | '>', value: Number(m[3]) });
  }
  return out;
}

/** Which checks an attribute crosses, as text ("sex: demographicParityRatio 0.71 < 0.8"). */
export function crossed(a: AttributeBias, checks: readonly BiasCheck[]): string[] {
  const hits: string[] = [];
  for (const c of checks) {
    if (c.kind === 'four-fifths') {
      if (a.fourFifthsFlag) hits.push(`${a.attribute}: four-fifths screen flagged (ratio ${a.demographicParityRatio?.toPrecision(4)})`);
      continue;
    }
    const v = a[c.metric];
    if (v !== null && (c.op === '<' ? v < c.value : v > c.value)) hits.push(`${a.attribute}: ${c.metric} ${v.toPrecision(4)} ${c.op} ${c.value}`);
  }
  return hits;
}

/**
 * `steward bias --data FILE --sensitive COL[,COL] --label COL --prediction COL`: group fairness
 * metrics for a binary classifier. Exit 0 ok; 1 when --fail-on is crossed; 2 bad input.
 */
export async function biasCommand(io: CliIo, o: BiasCliOptions): Promise<number> {
  const format = checkFormat(io, o.format);
  if (!o.data) fail(io, 'bias needs --data FILE (CSV or Parquet)');
  const sensitive = nameList(io, '--sensitive', o.sensitive);
  if (!sensitive || !o.label || !o.prediction) fail(io, 'bias needs --sensitive COL[,COL], --label COL and --prediction COL');
  const checks = o.failOn === undefined ? [] : parseBiasFailOn(o.failOn);
  if (typeof checks === 'string') fail(io, checks);
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
  print(io, format, biasJson(report, t.value.rows), {
    title: `Bias: ${t.value.source} (${t.value.rows} rows), label ${o.label}, prediction ${o.prediction}`,
    blocks: report.attributes.flatMap(biasAttributeBlocks),
  });
  const hits = report.attributes.flatMap((a) => crossed(a, checks));
  if (hits.length) fail(io, `--fail-on ${o.failOn}: ${hits.join('; ')}`, 1);
  return 0;
}
