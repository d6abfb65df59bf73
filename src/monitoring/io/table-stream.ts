import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { open } from 'node:fs/promises';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import type { TableFormat } from './read-table.js';
import { columnList, TableInputError } from './table.js';

/**
 * A CSV or Parquet file read as a stream of row batches, in bounded memory whatever its size:
 * CSV through csv-parse, BATCH_ROWS rows at a time; Parquet one row group at a time, a big row
 * group in slices of SLICE_ROWS rows of which only the pages holding the slice's rows are decoded
 * (and, when the file has an offset index, only they are fetched). Only the wanted columns are
 * read, and decoded values are passed on as hyparquet made them, without a copy. Memory is then
 * about one row group's compressed column chunks plus one slice's values.
 * (read-table.ts reads whole columns into typed arrays instead: the reference, the file drift.)
 */

/** Values of one column for a batch's rows, in pieces as they were decoded (no copy): `start` is the batch row of data[0] (may be below 0). */
export type ColumnPieces = readonly { readonly start: number; readonly data: ArrayLike<unknown> }[];

export interface RowBatch {
  /** 0-based index of the batch's first row in the file */
  readonly rowStart: number;
  readonly rows: number;
  /**
   * Per wanted column the file has, its values for these rows: CSV cells as text (trimmed; "" is
   * empty), Parquet values as decoded (number, bigint, boolean, string, Uint8Array, null;
   * timestamps and dates as epoch milliseconds).
   */
  readonly columns: ReadonlyMap<string, ColumnPieces>;
}

/** Reads a column's pieces row by row, for rows in ascending order. */
export class ColumnCursor {
  private i = 0;
  constructor(private readonly pieces: ColumnPieces) {}

  /** The value at batch row `r` (r never below the previous call's); null where no piece covers it. */
  at(r: number): unknown {
    const ps = this.pieces;
    while (this.i < ps.length && r >= ps[this.i]!.start + ps[this.i]!.data.length) this.i++;
    const p = ps[this.i];
    return p && r >= p.start ? p.data[r - p.start] : null;
  }
}

export interface TableStream {
  /** the file's columns, in file order */
  readonly columns: readonly string[];
  /** Reads the file once, batch by batch, keeping only `wanted` columns (names the file lacks are left out). */
  batches(wanted: readonly string[]): AsyncIterable<RowBatch>;
  /** Releases the file (also when it was not read to the end, or not at all). */
  close(): Promise<void>;
}

export const BATCH_ROWS = 16_384;
/** Timestamps and dates as epoch milliseconds (numbers), not a Date object per value. */
const EPOCH_MS = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n),
  dateFromDays: (d: number) => d * 86_400_000,
};
export const SLICE_ROWS = 131_072;

function checkHeader(names: readonly string[], label: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '') throw new TableInputError(`${label}: column ${i + 1} of the header has no name`);
    if (seen.has(n)) throw new TableInputError(`${label}: the header names column "${n}" twice`);
    seen.add(n);
  });
}

/** Opens a file (by its extension: .csv/.txt or .parquet/.pq) and reads its header or schema. */
export async function openTableStream(file: string, label: string, format?: TableFormat): Promise<TableStream> {
  if (!existsSync(file)) throw new TableInputError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new TableInputError(`${file} is a directory, not a data file`);
  const e = extname(file).toLowerCase();
  const f = format ?? (e === '.csv' || e === '.txt' ? 'csv' : e === '.parquet' || e === '.pq' ? 'parquet' : null);
  if (!f) throw new TableInputError(`${label}: unknown file type "${e || '(none)'}"; use a .csv or .parquet file`);
  if (statSync(file).size === 0) throw new TableInputError(`${label} is empty: it needs a header row and at least one data row`);
  return f === 'csv' ? openCsv(file, label) : openParquet(file, label);
}

const OTHER_DELIMITERS: readonly [string, string][] = [
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

async function openCsv(file: string, label: string): Promise<TableStream> {
  const { parse } = await import('csv-parse');
  const parser = parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, relax_quotes: false });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  const records = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  const notCsv = (e: unknown) => {
    if (e instanceof TableInputError) return e;
    return new TableInputError(`${label}: not a valid CSV file: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  };
  let first: IteratorResult<string[]>;
  try {
    first = await records.next();
  } catch (e) {
    throw notCsv(e);
  }
  if (first.done) throw new TableInputError(`${label} is empty: it needs a header row and at least one data row`);
  const header = first.value;
  if (header.length === 1) {
    const found = OTHER_DELIMITERS.find(([d]) => header[0]!.includes(d));
    if (found) {
      parser.destroy();
      throw new TableInputError(`${label}: the header looks ${found[1]}-separated; Steward reads comma-separated CSV: save the file with commas as the delimiter`);
    }
  }
  checkHeader(header, label);
  let used = false;
  return {
    columns: header,
    async close() {
      parser.destroy();
      stream.destroy();
    },
    async *batches(wanted) {
      if (used) throw new Error('a table stream is read once');
      used = true;
      const kept = wanted.filter((n) => header.includes(n));
      const at = kept.map((n) => header.indexOf(n));
      let rowStart = 0;
      let cols = kept.map(() => new Array<string>(BATCH_ROWS));
      let n = 0;
      try {
        for (;;) {
          let next: IteratorResult<string[]>;
          try {
            next = await records.next();
          } catch (e) {
            throw notCsv(e);
          }
          if (next.done) break;
          const rec = next.value;
          for (let c = 0; c < at.length; c++) cols[c]![n] = rec[at[c]!]!;
          if (++n === BATCH_ROWS) {
            yield { rowStart, rows: n, columns: new Map(kept.map((name, c) => [name, [{ start: 0, data: cols[c]! }]])) };
            rowStart += n;
            n = 0;
            cols = kept.map(() => new Array<string>(BATCH_ROWS));
          }
        }
        if (n > 0) yield { rowStart, rows: n, columns: new Map(kept.map((name, c) => [name, [{ start: 0, data: cols[c]!.slice(0, n) }]])) };
        if (rowStart + n === 0) throw new TableInputError(`${label} has a header but no data rows`);
      } finally {
        parser.destroy();
        stream.destroy();
      }
    },
  };
}

async function openParquet(file: string, label: string): Promise<TableStream> {
  const { cachedAsyncBuffer, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const unreadable = (e: unknown) => (e instanceof TableInputError ? e : new TableInputError(`${label}: not a readable Parquet file: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`));
  let metadata: FileMetaData;
  const buffer = await fileSlices(file);
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    await buffer.close();
    throw unreadable(e);
  }
  const schema = parquetSchema(metadata);
  const names = schema.children.map((c) => c.element.name);
  const nested = new Set(schema.children.filter((c) => c.children.length).map((c) => c.element.name));
  try {
    checkHeader(names, label);
  } catch (e) {
    await buffer.close();
    throw e;
  }
  let used = false;
  return {
    columns: names,
    close: () => buffer.close(),
    async *batches(wanted) {
      if (used) throw new Error('a table stream is read once');
      used = true;
      const kept = wanted.filter((n) => names.includes(n));
      const deep = kept.find((n) => nested.has(n));
      if (deep !== undefined) throw new TableInputError(`${label}: column "${deep}" is nested (a struct or list); only flat columns can be read (its flat columns: ${columnList(names.filter((n) => !nested.has(n)))})`);
      if (Number(metadata.num_rows) === 0) throw new TableInputError(`${label} has no data rows`);
      try {
        let groupStart = 0;
        for (const group of metadata.row_groups) {
          const groupRows = Number(group.num_rows);
          // A big group is read in slices. With an offset index only the slice's pages are fetched;
          // without one each slice fetches the group's chunks (kept for the group's next slices) and
          // decodes only the pages that hold its rows.
          const sliced = groupRows > SLICE_ROWS;
          const indexed = group.columns.every((c) => !kept.includes(c.meta_data?.path_in_schema[0] ?? '') || (c.offset_index_offset !== undefined && c.offset_index_length));
          const file = sliced && !indexed ? cachedAsyncBuffer(buffer, { minSize: 0 }) : buffer;
          const step = sliced ? SLICE_ROWS : groupRows;
          for (let start = groupStart; start < groupStart + groupRows; start += step) {
            const end = Math.min(start + step, groupStart + groupRows);
            const cols = new Map<string, { start: number; data: ArrayLike<unknown> }[]>(kept.map((n) => [n, []]));
            if (kept.length) {
              try {
                await parquetRead({
                  file,
                  metadata,
                  columns: kept,
                  rowStart: start,
                  rowEnd: end,
                  useOffsetIndex: sliced,
                  parsers: EPOCH_MS,
                  onChunk(chunk) {
                    const pieces = cols.get(chunk.columnName);
                    const from = chunk.rowStart - start;
                    if (pieces && from < end - start && from + chunk.columnData.length > 0) pieces.push({ start: from, data: chunk.columnData });
                  },
                });
              } catch (e) {
                throw unreadable(e);
              }
            }
            for (const pieces of cols.values()) pieces.sort((a, b) => a.start - b.start);
            yield { rowStart: start, rows: end - start, columns: cols };
          }
          groupStart += groupRows;
        }
      } finally {
        await buffer.close();
      }
    },
  };
}

/**
 * The file as hyparquet reads it: each slice read straight into one buffer of its own (no stream,
 * no concatenation), through one open handle.
 */
async function fileSlices(file: string): Promise<AsyncBuffer & { close(): Promise<void> }> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  let closed = false;
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      const to = Math.min(end ?? size, size);
      const out = Buffer.allocUnsafeSlow(Math.max(0, to - start));
      for (let at = 0; at < out.length; ) {
        const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + at}`);
        at += bytesRead;
      }
      return out.buffer as ArrayBuffer;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
