/**
 * Dataset-level drift: every column's decision (column-drift.ts), then
 *   shareDrifted = (#columns with status 'drift') / (#testable columns)
 *   datasetDrift = shareDrifted ≥ driftShare (default 0.5)
 * 'possible_drift' columns are not counted as drifted; 'not_testable' ones
 * are left out of the denominator. With no testable column shareDrifted is
 * null and datasetDrift false.
 */

import { columnDrift, type ColumnDriftOptions, type ColumnInput, type FeatureDrift } from './column-drift.js';

export const DEFAULT_DRIFT_SHARE = 0.5;

export interface DatasetDriftOptions {
  /** Options applied to every column (per-column entries override them field by field). */
  readonly defaults?: ColumnDriftOptions;
  /** Per-column options, keyed by column name. */
  readonly columns?: Readonly<Record<string, ColumnDriftOptions>>;
  /** Share of drifted testable columns at which the dataset counts as drifted. */
  readonly driftShare?: number;
}

export interface DatasetDrift {
  readonly features: FeatureDrift[];
  readonly shareDrifted: number | null;
  readonly datasetDrift: boolean;
}

export function datasetDrift(
  columns: readonly ColumnInput[],
  options: DatasetDriftOptions = {},
): DatasetDrift {
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (!(driftShare > 0 && driftShare <= 1)) {
    throw new RangeError(`datasetDrift: driftShare must be in (0, 1], got ${driftShare}`);
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw new RangeError(`datasetDrift: duplicate column '${column.name}'`);
    seen.add(column.name);
  }
  const perColumn = options.columns ?? {};
  const features = columns.map((column) =>
    columnDrift(column, {
      ...options.defaults,
      ...(Object.hasOwn(perColumn, column.name) ? perColumn[column.name] : undefined),
    }),
  );
  return summarizeDrift(features, driftShare);
}

/** The dataset-level decision over decided features (see the top of this file). */
export function summarizeDrift(features: FeatureDrift[], driftShare: number): DatasetDrift {
  let testable = 0;
  let drifted = 0;
  for (const f of features) {
    if (f.status === 'not_testable') continue;
    testable++;
    if (f.status === 'drift') drifted++;
  }
  const shareDrifted = testable === 0 ? null : drifted / testable;
  return { features, shareDrifted, datasetDrift: shareDrifted !== null && shareDrifted >= driftShare };
}
