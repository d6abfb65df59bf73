import { expect } from 'vitest';

/** |actual − expected| ≤ rel·|expected| (exact match required when expected is 0). */
export function expectRelClose(actual: number | null | undefined, expected: number, rel: number, what = ''): void {
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  const a = actual as number;
  if (expected === 0) {
    expect(Math.abs(a), `${what}: expected 0, got ${a}`).toBeLessThanOrEqual(rel);
    return;
  }
  const err = Math.abs(a - expected) / Math.abs(expected);
  expect(err, `${what}: ${a} vs ${expected} (rel err ${err.toExponential(2)})`).toBeLessThanOrEqual(rel);
}

export const f64 = (xs: readonly number[]): Float64Array => Float64Array.from(xs);
