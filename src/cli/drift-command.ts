import { datasetDrift } from '../monitoring/domain/stats/index.js';
import { driftInputs, driftJson } from '../monitoring/io/drift-json.js';
import { readTable } from '../monitoring/io/read-table.js';
import { driftFeatureTable, driftHeadline } from '../monitoring/io/report-view.js';
import { driftFailure, parseDriftFailOn } from '../monitoring/chat/fail-on.js';
import { text } from '../chat/replies/builders.js';
import type { CliIo } from './cli-io.js';
import { checkFormat, fail, nameList, print, progressFor } from './monitoring-cli-shared.js';
import { counted } from '../core/format.js';

export interface DriftCliOptions {
  readonly reference?: string;
  readonly current?: string;
  readonly columns?: string;
  readonly categorical?: string;
  readonly format?: string;
  readonly failOn?: string;
}

/**
 * `steward drift --reference FILE --current FILE`: compare two files column by column.
 * Exit 0 ok; 1 when --fail-on is crossed; 2 bad input (one line on stderr).
 */
export async function driftCommand(io: CliIo, o: DriftCliOptions): Promise<number> {
  const format = checkFormat(io, o.format);
  if (!o.reference || !o.current) fail(io, 'drift needs --reference FILE and --current FILE (CSV or Parquet), or a model: steward drift <model> [env]');
  const failOn = o.failOn === undefined ? undefined : parseDriftFailOn(o.failOn);
  if (typeof failOn === 'object') fail(io, `--fail-on ${failOn.problem}`);
  const columns = nameList(io, '--columns', o.columns);
  const categorical = nameList(io, '--categorical', o.categorical) ?? [];
  const progress = progressFor(io);

  const ref = await readTable({ file: o.reference }, { columns, categorical, progress });
  if (!ref.ok) fail(io, ref.error.message);
  const names = ref.value.columns.map((c) => c.name);
  const stray = categorical.find((c) => !names.includes(c));
  if (stray) fail(io, `--categorical names "${stray}", which is not among the compared columns (${names.join(', ')})`);
  const kinds = new Map(ref.value.columns.map((c) => [c.name, c.kind] as const));
  const cur = await readTable({ file: o.current }, { columns: names, categorical, kinds, progress });
  if (!cur.ok) fail(io, cur.error.message);

  const result = datasetDrift(driftInputs(ref.value, cur.value));
  const rows = { reference: ref.value.rows, current: cur.value.rows };
  print(io, format, driftJson(result, rows), {
    title: `Drift: ${cur.value.source} (${counted(rows.current, 'row')}) vs reference ${ref.value.source} (${counted(rows.reference, 'row')})`,
    blocks: [text(driftHeadline(result)), driftFeatureTable(result.features)],
  });

  const failure = failOn && driftFailure(failOn, result.features, result.datasetDrift);
  if (failure) fail(io, failure, 1);
  return 0;
}
