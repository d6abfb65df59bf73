/**
 * Pearson chi-square test of homogeneity for a 2×k table (reference row,
 * current row), and the special functions behind its p-value:
 *   logGamma(a)              ln Γ(a), a > 0
 *   regularizedGammaQ(a, x)  Q(a, x) = Γ(a, x)/Γ(a), the upper regularized
 *                            incomplete gamma function (scipy.special.gammaincc)
 *   chiSquareSurvival(x, ν)  Q(ν/2, x/2) (scipy.stats.chi2.sf)
 *
 * Q keeps full relative precision deep in the tail (1e-200 and below): the
 * continued fraction gives Q directly (no 1 − P), and the prefactor
 * x^a·e^{−x}/Γ(a) is formed in log space, for a ≥ 10 as
 * a·(log1p(t) − t) + ½·ln(a/2π) − S(a), t = (x − a)/a, S the Stirling
 * correction, which avoids cancelling the large terms a·ln x, x and ln Γ(a).
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** Stirling series ln Γ(a) − [(a − ½)·ln a − a + ½·ln 2π], for a ≥ 10 (error < 1e-17). */
function stirlingCorrection(a: number): number {
  const r = 1 / a;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/** ln Γ(a) for a > 0 (NaN otherwise). */
export function logGamma(a: number): number {
  if (!(a > 0)) return Number.NaN;
  if (a === Infinity) return Infinity;
  if (a >= 10) return (a - 0.5) * Math.log(a) - a + LN_SQRT_2PI + stirlingCorrection(a);
  // Shift up to ≥ 10: Γ(a) = Γ(a + k) / (a(a+1)…(a+k−1)).
  let prod = 1;
  let z = a;
  while (z < 10) {
    prod *= z;
    z += 1;
  }
  return logGamma(z) - Math.log(prod);
}

/** ln(x^a·e^{−x}/Γ(a)), the common prefactor of P(a, x) and Q(a, x). */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  const t = (x - a) / a;
  return a * (Math.log1p(t) - t) + 0.5 * Math.log(a / (2 * Math.PI)) - stirlingCorrection(a);
}

/** P(a, x) by its power series; use for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * sum;
}

/** Q(a, x) by its continued fraction (modified Lentz); use for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  const logPre = logPrefactor(a, x);
  if (logPre < -745.2) return 0; // below the smallest subnormal
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPre) * h;
}

/** Q(a, x) = Γ(a, x)/Γ(a) for a > 0, x ≥ 0 (NaN outside the domain). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.max(0, 1 - lowerSeries(a, x));
  return upperContinuedFraction(a, x);
}

/** P(a, x) = 1 − Q(a, x), accurate when small. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return Math.min(1, lowerSeries(a, x));
  return 1 - upperContinuedFraction(a, x);
}

/** Survival function of the chi-square distribution with `dof` > 0 degrees of freedom. */
export function chiSquareSurvival(x: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`chiSquareSurvival: dof must be > 0, got ${dof}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

export interface ChiSquareResult {
  /** Pearson statistic Σ (O − E)²/E over the 2×k table. */
  readonly statistic: number;
  /** Survival function of χ²(dof) at the statistic. */
  readonly pValue: number;
  /** k − 1, k = number of categories observed on at least one side. */
  readonly dof: number;
}

/**
 * Pearson chi-square test of homogeneity (scipy.stats.chi2_contingency with
 * correction=False) on aligned reference/current counts per category.
 * Categories with zero count on both sides are left out (their expected
 * count would be 0). One remaining category: statistic 0, dof 0, p-value 1.
 * Throws RangeError when either side has no observation.
 *
 * For a 2×k table the statistic reduces to
 *   χ² = Σ_j (a_j·m − b_j·n)² / (n·m·(a_j + b_j)),
 * n, m the row totals; a_j·m − b_j·n is an exact integer for count input,
 * so every term is accurate even when the table is nearly homogeneous.
 */
export function chiSquareHomogeneity(
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
): ChiSquareResult {
  if (reference.length !== current.length) {
    throw new RangeError(`chiSquare: ${reference.length} vs ${current.length} categories`);
  }
  let n = 0;
  let m = 0;
  let k = 0;
  for (let j = 0; j < reference.length; j++) {
    const a = reference[j]!;
    const b = current[j]!;
    if (!(a >= 0) || !(b >= 0)) throw new RangeError('chiSquare: counts must be ≥ 0');
    n += a;
    m += b;
    if (a + b > 0) k++;
  }
  if (n === 0 || m === 0) throw new RangeError('chiSquare: both samples must be non-empty');
  if (k <= 1) return { statistic: 0, pValue: 1, dof: 0 };
  let statistic = 0;
  for (let j = 0; j < reference.length; j++) {
    const a = reference[j]!;
    const b = current[j]!;
    if (a + b === 0) continue;
    const diff = a * m - b * n;
    statistic += (diff * diff) / (n * m * (a + b));
  }
  const dof = k - 1;
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}
