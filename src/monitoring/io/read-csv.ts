import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { ColumnSink } from './column-sinks.js';
import type { Progress } from './progress.js';
import { TableInputError } from './table.js';

export interface SinkPlan {
  /** Called once with the header; returns a sink per kept column index. */
  (header: readonly string[]): ReadonlyMap<number, ColumnSink>;
}

const OTHER_DELIMITERS: readonly [string, string][] = [
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

/** A header read as one column that holds `;`, tabs or `|` is a file written with another delimiter. */
function refuseOtherDelimiters(header: readonly string[], label: string): void {
  if (header.length !== 1) return;
  const found = OTHER_DELIMITERS.find(([d]) => header[0]!.includes(d));
  if (!found) return;
  const shown = header[0]!.length > 60 ? `${header[0]!.slice(0, 59)}…` : header[0]!;
  throw new TableInputError(`${label}: the header ${JSON.stringify(shown)} looks ${found[1]}-separated; Steward reads comma-separated CSV: save the file with commas as the delimiter`);
}

/**
 * Stream a CSV file (or bytes) through csv-parse: the first record is the header, every later
 * record is handed cell by cell to the column sinks and dropped. Returns the number of data rows.
 */
export async function readCsvInto(source: { file: string } | { bytes: Buffer }, label: string, plan: SinkPlan, progress: Progress): Promise<number> {
  const parser = parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, relax_quotes: false });
  let total = 0;
  if ('file' in source) {
    total = (await stat(source.file)).size;
    if (total === 0) throw new TableInputError(`${label} is empty: it needs a header row and at least one data row`);
    const stream = createReadStream(source.file, { highWaterMark: 1 << 20 });
    let read = 0;
    stream.on('data', (c) => {
      read += c.length;
      progress.update(read, total);
    });
    stream.on('error', (e) => parser.destroy(e));
    stream.pipe(parser);
  } else {
    if (source.bytes.length === 0) throw new TableInputError(`${label} is empty: it needs a header row and at least one data row`);
    parser.end(source.bytes);
  }

  let sinks: [number, ColumnSink][] | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (sinks === null) {
        refuseOtherDelimiters(record, label);
        sinks = [...plan(record).entries()];
        continue;
      }
      for (let i = 0; i < sinks.length; i++) {
        const [col, sink] = sinks[i]!;
        sink.put(row, record[col]);
      }
      row++;
    }
  } catch (e) {
    if (e instanceof TableInputError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new TableInputError(`${label}: not a valid CSV file: ${msg.split('\n')[0]}`);
  } finally {
    progress.done();
  }
  if (sinks === null) throw new TableInputError(`${label} is empty: it needs a header row and at least one data row`);
  if (row === 0) throw new TableInputError(`${label} has a header but no data rows`);
  return row;
}
