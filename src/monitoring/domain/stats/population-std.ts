/**
 * Population standard deviation √(Σ(x − x̄)²/n) (numpy.std with ddof=0),
 * two-pass: the mean, then the squared deviations. Both sums are plain over
 * blocks of 1024 values with the block sums Kahan-compensated, which keeps
 * 10⁶-value sums accurate to ~1e-15 relative without a per-value branch.
 * NaN-free input; 0 for a single value, NaN for none.
 */

const BLOCK = 1024;

/** Adds block partial sums with Kahan compensation. */
class BlockAccumulator {
  private sum = 0;
  private comp = 0;
  add(partial: number): void {
    const y = partial - this.comp;
    const t = this.sum + y;
    this.comp = t - this.sum - y;
    this.sum = t;
  }
  get value(): number {
    return this.sum;
  }
}

export function populationStd(values: Float64Array | ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const total = new BlockAccumulator();
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let partial = 0;
    for (let i = start; i < end; i++) partial += values[i]!;
    total.add(partial);
  }
  const mean = total.value / n;
  const squares = new BlockAccumulator();
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let partial = 0;
    for (let i = start; i < end; i++) {
      const d = values[i]! - mean;
      partial += d * d;
    }
    squares.add(partial);
  }
  return Math.sqrt(squares.value / n);
}
