import type { PageCursor, PredictionRepo, PredictionWindow, Scalar } from '../domain/monitoring-store.js';
import { CategoricalSink, categoryKey } from './column-sinks.js';
import type { ColumnData } from './table.js';
import { numericValue } from '../domain/feature-values.js';

/**
 * Logged predictions -> column-major typed arrays, page by page (the JSON rows of one page are
 * dropped before the next is read). Numeric columns take numbers and numeric strings; any other
 * value counts as missing and is tallied in `nonNumeric`.
 */

export const PAGE_SIZE = 5000;

class Float64Builder {
  private a = new Float64Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  finish(): Float64Array {
    return this.a.slice(0, this.length);
  }
}


export interface FeatureColumns {
  readonly rows: number;
  readonly columns: ColumnData[];
  /** per numeric column: values that were not numbers (counted as missing) */
  readonly nonNumeric: Readonly<Record<string, number>>;
}

/** The features named in `spec` (with their reference kinds) of every prediction in the window. */
export async function featureColumns(repo: PredictionRepo, w: PredictionWindow, spec: readonly { name: string; kind: 'numeric' | 'categorical' }[]): Promise<FeatureColumns> {
  const numeric = spec.map((s) => (s.kind === 'numeric' ? new Float64Builder() : null));
  const cats = spec.map((s) => (s.kind === 'categorical' ? new CategoricalSink(s.name) : null));
  const nonNumeric: Record<string, number> = {};
  let rows = 0;
  let cursor: PageCursor | null = null;
  for (;;) {
    const page = await repo.page(w, cursor, PAGE_SIZE);
    for (const r of page) {
      for (let j = 0; j < spec.length; j++) {
        const v = r.features[spec[j]!.name];
        const nb = numeric[j];
        if (nb) {
          const x = numericValue(v);
          if (x === undefined || !Number.isFinite(x) && !Number.isNaN(x)) {
            nonNumeric[spec[j]!.name] = (nonNumeric[spec[j]!.name] ?? 0) + 1;
            nb.push(Number.NaN);
          } else nb.push(x);
        } else cats[j]!.put(rows, v);
      }
      rows++;
    }
    if (page.length < PAGE_SIZE) break;
    const last = page[page.length - 1]!;
    cursor = { at: last.at, seq: last.seq };
  }
  const columns = spec.map((s, j): ColumnData => (numeric[j] ? { name: s.name, kind: 'numeric', values: numeric[j]!.finish() } : cats[j]!.finish(rows)));
  return { rows, columns, nonNumeric };
}

export interface LabeledColumns {
  readonly rows: number;
  readonly label: Scalar[];
  readonly prediction: Scalar[];
  readonly attributes: { attribute: string; codes: Int32Array; groups: readonly string[] }[];
}

/** Labels, predictions and every sensitive attribute seen, for the labelled predictions in the window. */
export async function labeledColumns(repo: PredictionRepo, w: PredictionWindow): Promise<LabeledColumns> {
  const label: Scalar[] = [];
  const prediction: Scalar[] = [];
  const sinks = new Map<string, CategoricalSink>();
  let rows = 0;
  let cursor: PageCursor | null = null;
  for (;;) {
    const page = await repo.page({ ...w, labeled: true }, cursor, PAGE_SIZE);
    for (const r of page) {
      label.push(r.label ?? null);
      prediction.push(r.prediction);
      for (const [k, v] of Object.entries(r.sensitive ?? {})) {
        let s = sinks.get(k);
        if (!s) {
          s = new CategoricalSink(k);
          s.reserve(rows + 1); // earlier rows stay −1 (missing)
          sinks.set(k, s);
        }
        s.put(rows, categoryKey(v) === null ? null : v);
      }
      rows++;
    }
    if (page.length < PAGE_SIZE) break;
    const last = page[page.length - 1]!;
    cursor = { at: last.at, seq: last.seq };
  }
  const attributes = [...sinks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attribute, s]) => {
      const c = s.finish(rows);
      if (c.kind !== 'categorical') throw new Error('unreachable');
      return { attribute, codes: c.codes, groups: c.categories };
    });
  return { rows, label, prediction, attributes };
}
