import { countAtMost } from '../stats/bins.js';
import { nextDown } from './profile-basis.js';

/**
 * KS statistic and Wasserstein-1 between a reference sample (every value known, sorted) and a
 * current sample known only as counts over bins (edges as in profile-basis.ts) with its min and
 * max: the interval each must lie in.
 *
 * F_R is known everywhere. F_C is known exactly at every edge (C_j = share of values ≤ e_j) and
 * is monotone, so inside bin j (e_{j−1}, e_j) it lies in [C_{j−1}, C_j]; below the current
 * minimum it is 0 and from the current maximum on it is 1.
 *   KS: D ≥ max_j |F_R(e_j) − C_j| (the value at the edges) and, inside a bin, |F_R − F_C| is at
 *       most max(F_R(e_j⁻) − C_{j−1}, C_j − F_R(e_{j−1})).
 *   W1 = ∫ |F_R − F_C| dx: on each stretch where F_R is constant (r) and F_C ∈ [L, U], the
 *       integrand is at least dist(r, [L, U]) and at most max(|r − L|, |r − U|).
 * The intervals are widened by a relative 1e-12 for rounding.
 *
 * The value shown is an estimate inside the interval: F_C is taken to spread over each bin as the
 * reference does (evenly where the reference has no value inside the bin), which is close to
 * exact whenever the current data looks like the reference at the scale of one bin. Its bound is
 * the distance to the far end of the interval, so |exact − shown| ≤ bound always holds.
 */
export interface Interval {
  readonly low: number;
  readonly high: number;
  /** inside [low, high] */
  readonly estimate: number;
}

export interface EcdfBounds {
  readonly ks: Interval;
  readonly wasserstein: Interval;
}

const widen = (lo: number, hi: number, estimate: number): Interval => {
  const slack = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-300;
  const low = Math.max(0, lo - slack);
  const high = hi + slack;
  return { low, high, estimate: Math.min(high, Math.max(low, estimate)) };
};

/**
 * `reference`: ascending, NaN-free, non-empty. `counts`: edges.length + 1 bin counts of the
 * current sample (total > 0), whose smallest value is `min` and largest `max`.
 */
export function ecdfBounds(reference: Float64Array, edges: Float64Array, counts: ArrayLike<number>, min: number, max: number): EcdfBounds {
  const n = reference.length;
  const K = edges.length;
  let m = 0;
  for (let i = 0; i <= K; i++) m += counts[i]!;
  if (n === 0 || m === 0) throw new RangeError('ecdfBounds: both samples must be non-empty');
  // C[j] = F_C(e_j); R[j] = F_R(e_j), Rb[j] = F_R(e_j⁻)
  const C = new Float64Array(K);
  const R = new Float64Array(K);
  const Rb = new Float64Array(K);
  let cum = 0;
  for (let j = 0; j < K; j++) {
    cum += counts[j]!;
    C[j] = cum / m;
    const atMost = countAtMost(reference, edges[j]!);
    R[j] = atMost / n;
    let below = atMost;
    while (below > 0 && reference[below - 1]! === edges[j]!) below--;
    Rb[j] = below / n;
  }
  let ksLow = 0;
  for (let j = 0; j < K; j++) ksLow = Math.max(ksLow, Math.abs(R[j]! - C[j]!));
  let ksHigh = ksLow;
  for (let j = 0; j <= K; j++) {
    // an atom's bin (nextDown(e), e] has no value strictly inside: only its edge, counted above
    if (j > 0 && j < K && nextDown(edges[j]!) === edges[j - 1]!) continue;
    const cLo = j === 0 ? 0 : C[j - 1]!;
    const cHi = j === K ? 1 : C[j]!;
    const rLo = j === 0 ? 0 : R[j - 1]!;
    const rHi = j === K ? 1 : Rb[j]!;
    ksHigh = Math.max(ksHigh, rHi - cLo, cHi - rLo);
  }

  // Wasserstein: walk [lo, hi) in stretches cut at every edge, at min and max, and at every reference value.
  const lo = Math.min(reference[0]!, min);
  const hi = Math.max(reference[n - 1]!, max);
  let wLow = 0;
  let wHigh = 0;
  let wEst = 0;
  let ksEst = ksLow;
  let p = 0; // reference values ≤ x
  let j = binOfStart(edges, lo); // the bin holding x just above lo
  let x = lo;
  while (p < n && reference[p]! <= x) p++;
  while (x < hi) {
    // the next cut after x
    let next = hi;
    if (j < K && edges[j]! < next) next = edges[j]!;
    if (p < n && reference[p]! < next) next = reference[p]!;
    if (min > x && min < next) next = min;
    if (max > x && max < next) next = max;
    if (next > x) {
      let L: number;
      let U: number;
      const r = p / n;
      // where in the bin this stretch sits, by the reference's share (else by position)
      const rFrom = j === 0 ? 0 : R[j - 1]!;
      const rTo = j === K ? 1 : Rb[j]!;
      let t: number;
      if (rTo > rFrom) t = (r - rFrom) / (rTo - rFrom);
      else {
        const a = Math.max(j === 0 ? lo : edges[j - 1]!, min);
        const b = Math.min(j === K ? hi : edges[j]!, max);
        t = b > a ? Math.min(1, Math.max(0, ((x + next) / 2 - a) / (b - a))) : 0.5;
      }
      if (next <= min) L = U = 0;
      else if (x >= max) L = U = 1;
      else {
        L = j === 0 ? 0 : C[j - 1]!;
        U = j === K ? 1 : C[j]!;
      }
      const len = next - x;
      const f = L + (U - L) * t;
      wLow += len * Math.max(0, L - r, r - U);
      wHigh += len * Math.max(Math.abs(r - L), Math.abs(r - U));
      wEst += len * Math.abs(r - f);
      ksEst = Math.max(ksEst, Math.abs(r - f));
    }
    x = next;
    while (p < n && reference[p]! <= x) p++;
    while (j < K && edges[j]! <= x) j++;
  }
  return { ks: widen(ksLow, ksHigh, Math.min(ksEst, ksHigh)), wasserstein: widen(wLow, wHigh, wEst) };
}

/** The bin whose open interval starts at or after x: the number of edges ≤ x. */
function binOfStart(edges: Float64Array, x: number): number {
  return countAtMost(edges, x);
}
