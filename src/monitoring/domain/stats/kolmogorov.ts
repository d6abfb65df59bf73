/**
 * Kolmogorov's limiting distribution of the two-sided KS statistic.
 *
 *   Q(λ) = 1 − K(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}          (alternating series)
 *   K(λ) = √(2π)/λ · Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}                (Jacobi theta form)
 *
 * kolmogorovSurvival is scipy.special.kolmogorov; kolmogorovCdf is its
 * complement, computed without cancellation. Like cephes, the two series are
 * switched at λ = 0.82 (about the median): below it the theta form gives K
 * (small, relatively accurate) and Q = 1 − K; above it the alternating series
 * gives Q directly, which keeps full relative precision down to ~1e-308
 * (λ ≈ 18.8); past that Q underflows to 0 exactly as scipy does.
 */

const CUTOVER = 0.82;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI * Math.PI;
/** Below this λ, K(λ) < 1e-324 (exp underflows): Q = 1, K = 0 (as cephes). */
const LAMBDA_MIN = Math.PI / Math.sqrt(746 * 8);

/** Q(λ) for λ > CUTOVER: 2v(1 − v³(1 − v⁵(1 − v⁷(…)))), v = e^{−2λ²}. */
function alternatingSurvival(lambda: number): number {
  const v = Math.exp(-2 * lambda * lambda);
  if (v === 0) return 0;
  // Terms v^{k²}: the ratio between consecutive terms is v^{2k+1}. For
  // λ > 0.82, v < 0.26 and 6 terms reach below 1e-17 relative; use 8.
  let p = 1;
  for (let k = 8; k >= 1; k--) {
    p = 1 - Math.pow(v, 2 * k + 1) * p;
  }
  return 2 * v * p;
}

/** K(λ) for 0 < λ ≤ CUTOVER via the theta series: w·u·(1 + u⁸ + u²⁴ + u⁴⁸ + …). */
function thetaCdf(lambda: number): number {
  const w = SQRT_2PI / lambda;
  const logU8 = -PI2 / (lambda * lambda); // log(u⁸), u = e^{−π²/(8λ²)}
  const u = Math.exp(logU8 / 8);
  if (u === 0) {
    // w·u with u below the double range but w > 1: combine as logs.
    return Math.exp(logU8 / 8 + Math.log(w));
  }
  // Exponents (2k−1)² − 1 = 8·(0, 1, 3, 6, 10, …) — nested: 1 + u⁸(1 + u¹⁶(1 + u²⁴(…))).
  const u8 = Math.exp(logU8);
  let p = 1;
  for (let k = 5; k >= 1; k--) {
    p = 1 + Math.pow(u8, k) * p;
  }
  return w * u * p;
}

/**
 * Survival function Q(λ) = P(K > λ) of the Kolmogorov distribution
 * (scipy.special.kolmogorov). Returns 1 for λ ≤ 0, NaN for NaN.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= LAMBDA_MIN) return 1;
  if (lambda <= CUTOVER) return 1 - thetaCdf(lambda);
  return alternatingSurvival(lambda);
}

/** CDF K(λ) = 1 − Q(λ), accurate (relatively) for small λ too. */
export function kolmogorovCdf(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= LAMBDA_MIN) return 0;
  if (lambda <= CUTOVER) return thetaCdf(lambda);
  return 1 - alternatingSurvival(lambda);
}
