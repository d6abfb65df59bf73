import type { CategoricalColumnData } from './table.js';

const TRUTHY = new Set(['1', '1.0', 'true', 'True', 'TRUE']);
const FALSY = new Set(['0', '0.0', 'false', 'False', 'FALSE']);

/**
 * A label or prediction column as 0/1 per row (NaN = missing), ready for biasReport.
 * Without `positive` every value must be 0/1 or true/false; with it, that value is 1 and every
 * other value 0. Returns a one-line problem instead when the column is not binary.
 */
export function binaryColumn(col: CategoricalColumnData, what: 'labels' | 'predictions', positive?: string): { values: Float64Array } | { problem: string } {
  const map = new Float64Array(col.categories.length);
  if (positive !== undefined) {
    if (what === 'labels' && !col.categories.includes(positive)) {
      return { problem: `--positive "${positive}" never occurs in the ${what} column "${col.name}" (its values: ${list(col.categories)})` };
    }
    col.categories.forEach((c, i) => (map[i] = c === positive ? 1 : 0));
  } else {
    const bad = col.categories.filter((c) => !TRUTHY.has(c) && !FALSY.has(c));
    if (bad.length) {
      const row = firstRowOf(col, col.categories.indexOf(bad[0]!));
      return { problem: `${what} are not binary: column "${col.name}" has ${list(bad)} (first at row ${row}); use 0/1 or true/false, or pass --positive VALUE` };
    }
    col.categories.forEach((c, i) => (map[i] = TRUTHY.has(c) ? 1 : 0));
  }
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    out[i] = c < 0 ? Number.NaN : map[c]!;
  }
  return { values: out };
}

const list = (xs: readonly string[]) => xs.slice(0, 6).map((x) => JSON.stringify(x)).join(', ') + (xs.length > 6 ? `, … (${xs.length} in all)` : '');

function firstRowOf(col: CategoricalColumnData, code: number): number {
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] === code) return i + 1;
  return 0;
}
