import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * Predictions as `log-predictions` takes them, and the same rows as a CSV or Parquet file for
 * `steward log-profile`: features amount (numbers, missing), items (numbers and a text that is not
 * a number), country (reference categories, one the reference lacks, empty); prediction 0/1 or a
 * score; a label on every fourth row; sensitive sex and age (missing on some rows); timestamps
 * over three hours from `start`; plus an `id` column the profile ignores.
 */
export interface PredictionRow {
  readonly id: string;
  readonly timestamp: string;
  readonly features: { amount: number | null; items: number | string; country: string };
  readonly prediction: number;
  readonly label?: number;
  /** the probability of the positive class, on most rows */
  readonly score?: number;
  readonly sensitive: { sex: string; age: string | null };
}

export function predictionRows(n: number, prefix: string, start: Date): PredictionRow[] {
  return Array.from({ length: n }, (_, k) => ({
    id: `${prefix}-${k}`,
    timestamp: new Date(start.getTime() + ((k * 7919) % 10_800) * 1000).toISOString(),
    features: { amount: k % 17 === 0 ? null : ((k * 37) % 1000) / 3, items: k % 11 === 0 ? 'many' : k % 6, country: ['DE', 'FR', 'ES', 'IT', ''][k % 5]! },
    prediction: k % 7 === 0 ? 0.5 : k % 3 === 0 ? 1 : 0,
    ...(k % 4 === 0 ? { label: k % 8 === 0 ? 1 : 0 } : {}),
    ...(k % 9 === 0 ? {} : { score: ((k * 13) % 101) / 100 }),
    sensitive: { sex: k % 5 === 0 ? 'F' : 'M', age: k % 3 ? (k % 2 ? 'old' : 'young') : null },
  }));
}

const HEADER = ['id', 'amount', 'items', 'country', 'prediction', 'label', 'score', 'timestamp', 'sex', 'age'];

const cells = (r: PredictionRow, withTime: boolean) => [r.id, r.features.amount ?? '', r.features.items, r.features.country, r.prediction, r.label ?? '', r.score ?? '', withTime ? r.timestamp : '', r.sensitive.sex, r.sensitive.age ?? ''];

/** The rows as a CSV file (`timestamp: false`: without the timestamp column). */
export function writePredictionsCsv(path: string, rows: readonly PredictionRow[], opts: { timestamp?: boolean } = {}): void {
  const withTime = opts.timestamp ?? true;
  const header = withTime ? HEADER : HEADER.filter((h) => h !== 'timestamp');
  const lines = rows.map((r) => cells(r, withTime).filter((_, i) => withTime || HEADER[i] !== 'timestamp').join(','));
  writeFileSync(path, `${header.join(',')}\n${lines.join('\n')}\n`);
}

/** The rows as a Parquet file with typed columns (timestamp as TIMESTAMP, numbers as DOUBLE), in row groups of `rowGroupSize`. */
export function writePredictionsParquet(path: string, rows: readonly PredictionRow[], rowGroupSize = 700): void {
  const columnData = [
    { name: 'id', type: 'STRING' as const, data: rows.map((r) => r.id) },
    { name: 'amount', type: 'DOUBLE' as const, data: rows.map((r) => r.features.amount) },
    { name: 'items', type: 'STRING' as const, data: rows.map((r) => String(r.features.items)) },
    { name: 'country', type: 'STRING' as const, data: rows.map((r) => (r.features.country === '' ? null : r.features.country)) },
    { name: 'prediction', type: 'DOUBLE' as const, data: rows.map((r) => r.prediction) },
    { name: 'label', type: 'DOUBLE' as const, data: rows.map((r) => r.label ?? null) },
    { name: 'score', type: 'DOUBLE' as const, data: rows.map((r) => r.score ?? null) },
    { name: 'timestamp', type: 'TIMESTAMP' as const, data: rows.map((r) => new Date(r.timestamp)) },
    { name: 'sex', type: 'STRING' as const, data: rows.map((r) => r.sensitive.sex) },
    { name: 'age', type: 'STRING' as const, data: rows.map((r) => r.sensitive.age) },
  ];
  writeFileSync(path, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize })));
}
