import type { Scalar } from './monitoring-store.js';

/**
 * How a logged value is read as a feature, the same for raw rows and profiles: numeric features
 * take numbers and numeric strings (anything else is missing, and counted as "not a number");
 * categorical features take every non-missing value as its text.
 */

/** Missing-value tokens: only the empty string (after trimming) is missing. */
export const isMissingText = (s: string): boolean => s.length === 0;

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number written in plain or exponent notation and finite; anything else is undefined. */
export function parseNumber(s: string): number | undefined {
  if (!NUMBER_RE.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** A logged value as a number: NaN when missing (null, absent, blank), undefined when it is not a number. */
export function numericValue(v: Scalar | undefined): number | undefined {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? Number.NaN : parseNumber(t);
  }
  return undefined;
}

/** A logged value as a category; null = missing. */
export function categoryValue(v: Scalar | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return isMissingText(v) ? null : v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  return String(v);
}
