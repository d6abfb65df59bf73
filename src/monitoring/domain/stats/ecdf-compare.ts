/**
 * One merge-walk over two ascending samples that yields both the two-sample
 * KS statistic and the Wasserstein-1 distance between their empirical
 * distributions.
 *
 * With i of n reference values and j of m current values ≤ x, the empirical
 * CDF difference is F_R(x) − F_C(x) = (i·m − j·n)/(n·m). Both statistics use
 * the integer numerator (exact: i·m, j·n < 2^53 for any sample a machine can
 * hold):
 *   D  = max |F_R − F_C| over the distinct values x, each evaluated after all
 *        of x's ties on both sides have been consumed;
 *   W1 = ∫ |F_R − F_C| dx = Σ_k |i_k·m − j_k·n|·(x_{k+1} − x_k) / (n·m)
 *        over consecutive merged values (ties contribute a zero-width step).
 * The W1 sum is compensated (plain sums over blocks of 1024 steps, the blocks
 * Kahan-summed; all terms ≥ 0), so 10⁶ terms do not drift.
 *
 * Non-finite values: ±Infinity is a valid value for D, but makes W1 infinite
 * or NaN (as in scipy).
 */

const BLOCK = 1024;

export interface EcdfComparison {
  /** max |F_R − F_C|, rounded as scipy's ks_2samp does (|i/n − j/m|). */
  readonly ksStatistic: number;
  /** Wasserstein-1 distance between the two empirical distributions. */
  readonly wasserstein: number;
}

/**
 * Compares two ascending, NaN-free, non-empty samples (e.g. SortedSample.values).
 * Throws RangeError on an empty sample.
 */
export function compareSorted(a: Float64Array, b: Float64Array): EcdfComparison {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError('compareSorted: both samples must be non-empty');

  let i = 0;
  let j = 0;
  let diff = 0; // |i·m − j·n| after consuming `prev`
  let prev = Math.min(a[0]!, b[0]!);
  let best = -1;
  let ks = 0;
  let sum = 0;
  let comp = 0;

  // KS: when the next value x differs from prev, the state after prev is a
  // complete distinct value and `diff` is a candidate. Several points can
  // share the exact maximum; scipy returns the largest rounded |i/n − j/m|
  // among them (they can differ by one ulp), so ties in `diff` re-check it.
  // W1: plain sums over blocks of BLOCK steps, the blocks combined with
  // Kahan compensation.
  while (i < n || j < m) {
    let partial = 0;
    let k = 0;
    for (; k < BLOCK && i < n && j < m; k++) {
      const ai = a[i]!;
      const bj = b[j]!;
      const x = ai <= bj ? ai : bj;
      if (diff >= best && x !== prev) {
        const f = Math.abs(i / n - j / m);
        if (diff > best || f > ks) ks = f;
        best = diff;
      }
      partial += diff * (x - prev);
      if (ai <= bj) i++;
      else j++;
      diff = Math.abs(i * m - j * n);
      prev = x;
    }
    // One side exhausted: walk the other one's tail.
    for (; k < BLOCK && (i === n) !== (j === m); k++) {
      const x = i < n ? a[i]! : b[j]!;
      if (diff >= best && x !== prev) {
        const f = Math.abs(i / n - j / m);
        if (diff > best || f > ks) ks = f;
        best = diff;
      }
      partial += diff * (x - prev);
      if (i < n) i++;
      else j++;
      diff = Math.abs(i * m - j * n);
      prev = x;
    }
    const y = partial - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
  }
  // The last distinct value ends at i = n, j = m with difference 0, which only
  // matters when there was no earlier distinct value (all values equal): D = 0.

  return { ksStatistic: ks, wasserstein: sum / (n * m) };
}
