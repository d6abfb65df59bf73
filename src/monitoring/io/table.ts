/**
 * Column-major tables read from CSV or Parquet: one typed array per column, no per-row objects.
 * Numeric columns are Float64Array with NaN for missing; categorical columns are Int32Array codes
 * into a category list with −1 for missing — exactly what src/monitoring/domain/stats takes.
 */

export interface NumericColumnData {
  readonly name: string;
  readonly kind: 'numeric';
  /** NaN = missing */
  readonly values: Float64Array;
}

export interface CategoricalColumnData {
  readonly name: string;
  readonly kind: 'categorical';
  /** index into `categories`; −1 = missing */
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

export type ColumnData = NumericColumnData | CategoricalColumnData;
export type ColumnKindName = ColumnData['kind'];

export interface Table {
  /** what the table was read from, for messages (a file name, "request body") */
  readonly source: string;
  readonly rows: number;
  /** in file order */
  readonly columns: readonly ColumnData[];
}

export const columnByName = (t: Table, name: string): ColumnData | undefined => t.columns.find((c) => c.name === name);

/** Why a table could not be read: one line naming the file and the problem (exit 2 / HTTP 400). */
export class TableInputError extends Error {
  override readonly name = 'TableInputError';
}

export { isMissingText, parseNumber } from '../domain/feature-values.js';

/** "a, b, c" (the first 12, then "…") for messages. */
export const columnList = (names: readonly string[]): string => names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');

/** Short, quoted rendering of an offending value for one-line messages. */
export const showValue = (v: unknown): string => {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);
};
