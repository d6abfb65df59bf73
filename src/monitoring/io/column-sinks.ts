import { isMissingText, parseNumber, showValue, TableInputError, type ColumnData } from './table.js';

/**
 * Per-column accumulators. Values arrive one at a time (CSV rows) or in chunks (Parquet row
 * groups) and go straight into growable typed arrays.
 *
 * A numeric sink in `infer` mode gives up quietly on the first non-numeric value (the reader then
 * reads the column again as categorical); in `strict` mode (the column is numeric in the
 * reference) it fails with the row number.
 */
export interface ColumnSink {
  readonly name: string;
  /** `row` is 0-based; rows may arrive in any order but each once. */
  put(row: number, value: unknown): void;
  reserve(rows: number): void;
  finish(rows: number): ColumnData;
}

function grow<T extends Float64Array | Int32Array>(a: T, need: number, make: (n: number) => T, fill: number): T {
  if (need <= a.length) return a;
  let n = Math.max(1024, a.length * 2);
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export class NumericSink implements ColumnSink {
  private values = new Float64Array(0);
  /** Set in infer mode when a value is not a number: the column is categorical after all. */
  notNumeric = false;
  constructor(
    readonly name: string,
    private readonly mode: 'infer' | 'strict',
    private readonly source: string,
  ) {}

  reserve(rows: number): void {
    this.values = grow(this.values, rows, (n) => new Float64Array(n), Number.NaN);
  }

  put(row: number, value: unknown): void {
    if (this.notNumeric) return;
    if (row >= this.values.length) this.reserve(row + 1);
    let v: number | undefined;
    if (typeof value === 'number') v = value; // NaN from Parquet is missing
    else if (value === null || value === undefined) v = Number.NaN;
    else if (typeof value === 'bigint') v = Number(value);
    else if (typeof value === 'string') v = isMissingText(value) ? Number.NaN : parseNumber(value);
    else if (value instanceof Date) v = value.getTime();
    if (v === undefined || v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      if (this.mode === 'infer') {
        this.notNumeric = true;
        return;
      }
      throw new TableInputError(`${this.source}: row ${row + 1}, column "${this.name}": ${showValue(value)} is not a number, but the column is numeric in the reference; fix the value or pass --categorical ${this.name}`);
    }
    this.values[row] = v;
  }

  finish(rows: number): ColumnData {
    this.reserve(rows);
    return { name: this.name, kind: 'numeric', values: this.values.slice(0, rows) };
  }
}

export class CategoricalSink implements ColumnSink {
  private codes = new Int32Array(0);
  private readonly index = new Map<string, number>();
  private readonly categories: string[] = [];
  constructor(readonly name: string) {}

  reserve(rows: number): void {
    this.codes = grow(this.codes, rows, (n) => new Int32Array(n), -1);
  }

  put(row: number, value: unknown): void {
    if (row >= this.codes.length) this.reserve(row + 1);
    const key = categoryKey(value);
    if (key === null) {
      this.codes[row] = -1;
      return;
    }
    let code = this.index.get(key);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(key);
      this.index.set(key, code);
    }
    this.codes[row] = code;
  }

  /** Categories are numbered in order of first appearance by row, whatever order the rows arrived in (Parquet chunks may arrive out of order). */
  finish(rows: number): ColumnData {
    this.reserve(rows);
    const codes = this.codes.slice(0, rows);
    const remap = new Int32Array(this.categories.length).fill(-1);
    const categories: string[] = [];
    for (let i = 0; i < rows; i++) {
      const c = codes[i]!;
      if (c < 0) continue;
      let m = remap[c]!;
      if (m < 0) {
        m = remap[c] = categories.length;
        categories.push(this.categories[c]!);
      }
      codes[i] = m;
    }
    return { name: this.name, kind: 'categorical', codes, categories };
  }
}

/** The category a raw value stands for; null = missing. */
export function categoryKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return isMissingText(value) ? null : value;
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
