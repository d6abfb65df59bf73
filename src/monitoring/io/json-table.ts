import { err, ok, type Result } from '../../core/result.js';
import { CategoricalSink, NumericSink } from './column-sinks.js';
import { columnList, type ColumnData, type Table } from './table.js';

/**
 * A column-major JSON table {"columns": {"age": [31, 45, null], "city": ["Paris", …]}} with the
 * same kind rules as CSV: numeric when every non-null value is a finite number (or a numeric
 * string), otherwise categorical; `categorical` (and the body's own "categorical" list) forces
 * categories, and each must name a column.
 */
export function tableFromJsonColumns(body: unknown, source: string, categorical: readonly string[] = []): Result<Table> {
  const cols = (body as { columns?: unknown } | null)?.columns;
  if (typeof cols !== 'object' || cols === null || Array.isArray(cols)) return err('bad_input', `${source}: expected {"columns": {"<name>": [values…], …}}`);
  const entries = Object.entries(cols as Record<string, unknown>);
  if (!entries.length) return err('bad_input', `${source}: "columns" is empty`);
  const named = (body as { categorical?: unknown }).categorical;
  if (named !== undefined && (!Array.isArray(named) || named.some((c) => typeof c !== 'string'))) return err('bad_input', `${source}: "categorical" must be an array of column names, e.g. ["zip"]`);
  const forced = new Set([...categorical, ...((named as string[] | undefined) ?? [])]);
  const stray = [...forced].find((c) => !entries.some(([n]) => n === c));
  if (stray !== undefined) return err('bad_input', `${source}: categorical names "${stray}", which is not a column; its columns are ${columnList(entries.map(([n]) => n))}`);
  let rows = -1;
  const out: ColumnData[] = [];
  for (const [name, values] of entries) {
    if (!Array.isArray(values)) return err('bad_input', `${source}: columns.${name} must be an array of values`);
    if (rows === -1) rows = values.length;
    else if (values.length !== rows) return err('bad_input', `${source}: columns.${name} has ${values.length} values but the first column has ${rows}; every column needs one value per row`);
    const bad = values.findIndex((v) => v !== null && typeof v === 'object');
    if (bad >= 0) return err('bad_input', `${source}: columns.${name}[${bad}] must be a number, string, boolean or null`);
    let sink: NumericSink | CategoricalSink = forced.has(name) ? new CategoricalSink(name) : new NumericSink(name, 'infer', source);
    values.forEach((v, i) => sink.put(i, v));
    if (sink instanceof NumericSink && sink.notNumeric) {
      sink = new CategoricalSink(name);
      values.forEach((v, i) => sink.put(i, v));
    }
    out.push(sink.finish(values.length));
  }
  if (rows === 0) return err('bad_input', `${source} has no rows`);
  return ok({ source, rows, columns: out });
}
