import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { err, ok, type Result } from '../../core/result.js';
import { CategoricalSink, type ColumnSink, NumericSink } from './column-sinks.js';
import { noProgress, type Progress } from './progress.js';
import { type ColumnData, type ColumnKindName, columnList, type Table, TableInputError } from './table.js';

export type TableFormat = 'csv' | 'parquet';

export interface ReadTableOptions {
  /** Keep only these columns, in this order; each must exist. Default: every column. */
  readonly columns?: readonly string[];
  /** Read these as categorical even when every value is a number; each must be a column. */
  readonly categorical?: readonly string[];
  /**
   * Kinds fixed in advance (the reference's, when reading the current data): a numeric column
   * then fails on the first value that is not a number, naming its row.
   */
  readonly kinds?: ReadonlyMap<string, ColumnKindName>;
  /** How the source is named in messages; default the file's base name. */
  readonly label?: string;
  /** Progress for big files (see progress.ts); called with bytes read. */
  readonly progress?: (label: string, totalBytes: number) => Progress;
}

export type TableSource = { readonly file: string; readonly format?: TableFormat } | { readonly bytes: Buffer; readonly format: TableFormat; readonly label: string };

/** The format of a file by its extension: .csv/.txt (CSV) or .parquet/.pq. */
export function formatOf(file: string): TableFormat | null {
  const e = extname(file).toLowerCase();
  if (e === '.csv' || e === '.txt') return 'csv';
  if (e === '.parquet' || e === '.pq') return 'parquet';
  return null;
}

/**
 * Read a CSV or Parquet table into typed columns. Column kinds are inferred unless fixed: a column
 * is numeric when every non-empty value is a finite number (Parquet: a numeric physical type),
 * otherwise categorical (text, booleans). Bad input is a `bad_input` error whose message is one
 * line naming the file and the problem.
 */
export async function readTable(source: TableSource, opts: ReadTableOptions = {}): Promise<Result<Table>> {
  try {
    return ok(await readOrThrow(source, opts));
  } catch (e) {
    if (e instanceof TableInputError) return err('bad_input', e.message);
    throw e;
  }
}

async function readOrThrow(source: TableSource, opts: ReadTableOptions): Promise<Table> {
  let format: TableFormat;
  let label: string;
  if ('file' in source) {
    label = opts.label ?? basename(source.file);
    if (!existsSync(source.file)) throw new TableInputError(`${source.file}: no such file`);
    if (statSync(source.file).isDirectory()) throw new TableInputError(`${source.file} is a directory, not a data file`);
    const f = source.format ?? formatOf(source.file);
    if (!f) throw new TableInputError(`${label}: unknown file type "${extname(source.file) || '(none)'}"; use a .csv or .parquet file`);
    format = f;
  } else {
    label = opts.label ?? source.label;
    format = source.format;
  }
  const forced = new Set(opts.categorical ?? []);
  const first = await readPass(source, format, label, opts, forced);
  const switched = first.sinks.filter((s) => s instanceof NumericSink && s.notNumeric).map((s) => s.name);
  if (!switched.length) return finish(label, first.rows, first.sinks);
  // Some columns turned out not to be numeric: read again with those as categories.
  const second = await readPass(source, format, label, opts, new Set([...forced, ...switched]));
  return finish(label, second.rows, second.sinks);
}

function finish(label: string, rows: number, sinks: readonly ColumnSink[]): Table {
  const columns: ColumnData[] = sinks.map((s) => s.finish(rows));
  return { source: label, rows, columns };
}

function sinkFor(name: string, hint: ColumnKindName | null, opts: ReadTableOptions, forced: ReadonlySet<string>, label: string): ColumnSink {
  const fixed = opts.kinds?.get(name);
  if (fixed === 'numeric' && !forced.has(name)) return new NumericSink(name, 'strict', label);
  if (fixed === 'categorical' || forced.has(name) || hint === 'categorical') return new CategoricalSink(name);
  return new NumericSink(name, 'infer', label);
}

function pick(available: readonly string[], label: string, opts: ReadTableOptions): string[] {
  const seen = new Set<string>();
  available.forEach((n, i) => {
    if (n === '') throw new TableInputError(`${label}: column ${i + 1} of the header has no name`);
    if (seen.has(n)) throw new TableInputError(`${label}: the header names column "${n}" twice`);
    seen.add(n);
  });
  const list = () => columnList(available);
  const wanted = opts.columns ?? available;
  for (const n of [...wanted, ...(opts.kinds ? [...opts.kinds.keys()].filter((k) => wanted.includes(k)) : [])]) {
    if (!seen.has(n)) throw new TableInputError(`${label}: no column "${n}"; its columns are ${list()}`);
  }
  const stray = (opts.categorical ?? []).find((n) => !seen.has(n));
  if (stray !== undefined) throw new TableInputError(`${label}: categorical names "${stray}", which is not a column; its columns are ${list()}`);
  return [...wanted];
}

async function readPass(source: TableSource, format: TableFormat, label: string, opts: ReadTableOptions, forced: ReadonlySet<string>): Promise<{ rows: number; sinks: ColumnSink[] }> {
  let sinks: ColumnSink[] = [];
  const size = 'file' in source ? statSync(source.file).size : source.bytes.length;
  const progress = opts.progress?.(label, size) ?? noProgress;
  const src = 'file' in source ? { file: source.file } : { bytes: source.bytes };
  let rows: number;
  // the readers (csv-parse, hyparquet) are loaded when a table is read, not when Steward starts
  if (format === 'csv') {
    const { readCsvInto } = await import('./read-csv.js');
    rows = await readCsvInto(src, label, (header) => {
      const names = pick(header, label, opts);
      sinks = names.map((n) => sinkFor(n, null, opts, forced, label));
      return new Map(names.map((n, i) => [header.indexOf(n), sinks[i]!]));
    }, progress);
  } else {
    const { readParquetInto } = await import('./read-parquet.js');
    rows = await readParquetInto(src, label, (infos) => {
      const names = pick(infos.map((c) => c.name), label, opts);
      sinks = names.map((n) => sinkFor(n, infos.find((c) => c.name === n)!.kind, opts, forced, label));
      return new Map(names.map((n, i) => [n, sinks[i]!]));
    }, progress);
  }
  return { rows, sinks };
}
