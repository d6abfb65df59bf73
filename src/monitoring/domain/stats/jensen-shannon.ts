/**
 * Jensen–Shannon distance in base 2 (in [0, 1]), the same quantity as
 * scipy.spatial.distance.jensenshannon(p, q, base=2): both vectors are
 * normalized to sum 1, m = (p + q)/2, JSD = ½·KL(p‖m) + ½·KL(q‖m) in bits,
 * distance = √JSD. No floor: empty bins contribute 0.
 *
 * Per bin, p·ln(p/m) + q·ln(q/m) is evaluated as p·log1p(d) + q·log1p(−d)
 * with d = (p − q)/(p + q), which is ≥ 0 up to rounding and loses far less to
 * cancellation than summing the two KL sums separately.
 */

export function jensenShannon(
  p: Float64Array | ArrayLike<number>,
  q: Float64Array | ArrayLike<number>,
): number {
  if (p.length !== q.length) {
    throw new RangeError(`jensenShannon: ${p.length} vs ${q.length} bins`);
  }
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = q[i]!;
    if (!(a >= 0) || !(b >= 0)) throw new RangeError('jensenShannon: weights must be ≥ 0');
    sp += a;
    sq += b;
  }
  if (sp === 0 || sq === 0) return Number.NaN;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const s = a + b;
    if (s === 0) continue;
    const d = (a - b) / s;
    let term = 0;
    if (a > 0) term += a * Math.log1p(d);
    if (b > 0) term += b * Math.log1p(-d);
    js += term;
  }
  return Math.sqrt(Math.max(js, 0) / (2 * Math.LN2));
}
