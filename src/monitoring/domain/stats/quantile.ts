/**
 * Quantiles with numpy.quantile's default method ('linear', Hyndman & Fan 7),
 * reproducing numpy's floating-point steps so the results are bit-identical:
 *   h = (n − 1)·q, lo = ⌊h⌋, γ = h − lo,
 *   a + (b − a)·γ          when γ < 0.5
 *   b − (b − a)·(1 − γ)    when γ ≥ 0.5
 * with a = x[lo], b = x[lo + 1]; h ≥ n − 1 takes the maximum.
 */

/** q-quantile (0 ≤ q ≤ 1) of an ascending, NaN-free, non-empty sample. */
export function quantileSorted(sorted: Float64Array | ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSorted: empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileSorted: q must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1]!;
  const lo = Math.floor(h);
  const gamma = h - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Several quantiles of one ascending sample. */
export function quantilesSorted(
  sorted: Float64Array | ArrayLike<number>,
  qs: readonly number[],
): Float64Array {
  const out = new Float64Array(qs.length);
  for (let k = 0; k < qs.length; k++) out[k] = quantileSorted(sorted, qs[k]!);
  return out;
}
