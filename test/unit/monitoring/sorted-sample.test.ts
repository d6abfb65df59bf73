import { describe, expect, it } from 'vitest';
import { sortFloat64InPlace, sortSample } from '../../../src/monitoring/domain/stats/index.js';

/** Deterministic xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function expectSameOrder(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]}`);
    }
  }
}

describe('sortSample', () => {
  it('drops NaN, counts it as missing, does not mutate the input', () => {
    const input = Float64Array.from([3, Number.NaN, 1, 2, Number.NaN]);
    const s = sortSample(input);
    expect(Array.from(s.values)).toEqual([1, 2, 3]);
    expect(s.missing).toBe(2);
    expect(Number.isNaN(input[1])).toBe(true);
    expect(input[0]).toBe(3);
    expect(sortSample([Number.NaN, Number.NaN])).toEqual({ values: new Float64Array(0), missing: 2 });
  });

  it('radix path (large input) agrees with Float64Array.prototype.sort, incl. signs, ±0, ±∞, subnormals', () => {
    const r = rng(42);
    const n = 50_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      if (u < 0.01) x[i] = [-0, 0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE][i % 7]!;
      else if (u < 0.3) x[i] = Math.round((r() - 0.5) * 20); // heavy ties
      else x[i] = (r() - 0.5) * Math.pow(10, Math.floor(r() * 40) - 20);
    }
    const expected = x.slice().sort();
    expectSameOrder(sortSample(x).values, expected);
  });

  it('wide-digit radix path (≥ 131072 values) agrees with the built-in sort', () => {
    const r = rng(7);
    const n = 140_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = i % 5 === 0 ? Math.round(r() * 100) - 50 : (r() - 0.3) * 1e6;
    x[3] = -0;
    x[4] = Infinity;
    expectSameOrder(sortSample(x).values, x.slice().sort());
  });

  it('radix path on integers (constant high digits skip passes) and already-sorted input', () => {
    const n = 10_000;
    const ints = new Float64Array(n).map((_, i) => (i * 7919) % 1000);
    expectSameOrder(sortFloat64InPlace(ints.slice()), ints.slice().sort());
    const asc = new Float64Array(n).map((_, i) => i - 5000);
    expectSameOrder(sortFloat64InPlace(asc.slice()), asc);
    const desc = asc.slice().reverse();
    expectSameOrder(sortFloat64InPlace(desc), asc);
  });

  it('sorts a subarray view in place without touching the rest of the buffer', () => {
    const buf = new Float64Array(6000).map((_, i) => 6000 - i);
    const view = buf.subarray(1000, 5000);
    sortFloat64InPlace(view);
    expect(buf[0]).toBe(6000);
    expect(buf[5999]).toBe(1);
    expect(view[0]).toBe(1001);
    expect(view[3999]).toBe(5000);
  });
});
