/**
 * Population Stability Index over bin (or category) proportions:
 *   PSI = Σ_i (c_i − r_i)·ln(c_i / r_i),  r_i, c_i floored at 0.0001
 * (floor = max(p, 0.0001), no renormalization). Every term is ≥ 0.
 */

export const PSI_FLOOR = 0.0001;

/** PSI from reference and current proportions of the same bins. */
export function psi(
  reference: Float64Array | ArrayLike<number>,
  current: Float64Array | ArrayLike<number>,
  floor: number = PSI_FLOOR,
): number {
  if (reference.length !== current.length) {
    throw new RangeError(`psi: ${reference.length} reference vs ${current.length} current bins`);
  }
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i]!, floor);
    const c = Math.max(current[i]!, floor);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}
