import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type SchemaElement } from 'hyparquet';
import type { ColumnSink } from './column-sinks.js';
import type { Progress } from './progress.js';
import { TableInputError, type ColumnKindName } from './table.js';

export interface ParquetColumnInfo {
  readonly name: string;
  /** the kind the physical/logical type suggests: numbers are numeric, text and booleans categorical */
  readonly kind: ColumnKindName;
}

export interface ParquetPlan {
  (columns: readonly ParquetColumnInfo[]): ReadonlyMap<string, ColumnSink>;
}

function kindOf(e: SchemaElement): ColumnKindName {
  switch (e.type) {
    case 'INT32':
    case 'INT64':
    case 'INT96':
    case 'FLOAT':
    case 'DOUBLE':
      return 'numeric';
    case 'FIXED_LEN_BYTE_ARRAY':
      return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL' || e.logical_type?.type === 'FLOAT16' ? 'numeric' : 'categorical';
    case 'BYTE_ARRAY':
      return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL' ? 'numeric' : 'categorical';
    default:
      return 'categorical';
  }
}

/** Count bytes fetched from the file, for the progress bar. */
function counting(buf: AsyncBuffer, progress: Progress): AsyncBuffer {
  let read = 0;
  return {
    byteLength: buf.byteLength,
    async slice(start, end) {
      const b = await buf.slice(start, end);
      read += b.byteLength;
      progress.update(Math.min(read, buf.byteLength), buf.byteLength);
      return b;
    },
  };
}

/** Read flat Parquet columns chunk by chunk (hyparquet's column-oriented onChunk) into the sinks. */
export async function readParquetInto(source: { file: string } | { bytes: Buffer }, label: string, plan: ParquetPlan, progress: Progress): Promise<number> {
  let file: AsyncBuffer;
  try {
    file = 'file' in source ? await asyncBufferFromFile(source.file) : (source.bytes.buffer.slice(source.bytes.byteOffset, source.bytes.byteOffset + source.bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new TableInputError(`${label}: cannot open: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (file.byteLength === 0) throw new TableInputError(`${label} is empty`);
  try {
    const metadata = await parquetMetadataAsync(file);
    const schema = parquetSchema(metadata);
    const infos: ParquetColumnInfo[] = [];
    const nested = new Set<string>();
    for (const c of schema.children) {
      if (c.children.length) nested.add(c.element.name);
      else infos.push({ name: c.element.name, kind: kindOf(c.element) });
    }
    const sinks = plan(infos);
    for (const n of sinks.keys()) if (nested.has(n)) throw new TableInputError(`${label}: column "${n}" is nested (a struct or list); only flat columns can be compared`);
    const rows = Number(metadata.num_rows);
    if (rows === 0) throw new TableInputError(`${label} has no data rows`);
    for (const s of sinks.values()) s.reserve(rows);
    let failure: unknown = null;
    await parquetRead({
      file: counting(file, progress),
      metadata,
      columns: [...sinks.keys()],
      onChunk(chunk) {
        if (failure) return;
        const sink = sinks.get(chunk.columnName);
        if (!sink) return;
        const data = chunk.columnData;
        try {
          for (let i = 0; i < data.length; i++) sink.put(chunk.rowStart + i, data[i]);
        } catch (e) {
          failure = e;
        }
      },
    });
    if (failure) throw failure;
    return rows;
  } catch (e) {
    if (e instanceof TableInputError) throw e;
    throw new TableInputError(`${label}: not a readable Parquet file: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  } finally {
    progress.done();
  }
}
