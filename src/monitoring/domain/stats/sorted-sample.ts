/**
 * Sorting numeric samples once so every statistic (KS, Wasserstein, quantiles,
 * bin counts) can share the same ascending array.
 *
 * NaN marks a missing value and is dropped; ±Infinity and −0 are kept
 * (−0 sorts before +0, as in Float64Array.prototype.sort; they compare equal).
 * Samples of 2048+ values are sorted with an LSD radix sort on the IEEE-754
 * bit pattern (6 passes of 11-bit digits, or 4 passes of 16-bit digits from
 * 131072 values; passes whose digit is constant are skipped), 2.5–4× faster in
 * V8 than the built-in comparison sort; smaller ones use the built-in
 * Float64Array sort. The input is never mutated.
 */

export interface SortedSample {
  /** Ascending, NaN-free values (may be a view on a larger buffer). */
  readonly values: Float64Array;
  /** How many NaN (missing) values were dropped. */
  readonly missing: number;
}

/** Below this length the built-in sort wins over the radix sort's fixed costs. */
const RADIX_MIN_LENGTH = 2048;
/** From this length 16-bit digits (4 passes) beat 11-bit ones (6 passes). */
const WIDE_DIGITS_MIN_LENGTH = 1 << 17;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One LSD pass: which 32-bit word (0 = low), the shift and the digit width. */
interface Pass {
  readonly word: 0 | 1;
  readonly shift: number;
  readonly bits: number;
}
const NARROW: readonly Pass[] = [
  { word: 0, shift: 0, bits: 11 },
  { word: 0, shift: 11, bits: 11 },
  { word: 0, shift: 22, bits: 10 },
  { word: 1, shift: 0, bits: 11 },
  { word: 1, shift: 11, bits: 11 },
  { word: 1, shift: 22, bits: 10 },
];
const WIDE: readonly Pass[] = [
  { word: 0, shift: 0, bits: 16 },
  { word: 0, shift: 16, bits: 16 },
  { word: 1, shift: 0, bits: 16 },
  { word: 1, shift: 16, bits: 16 },
];

/** Copies `values` without its NaNs, sorts ascending, reports the NaN count. */
export function sortSample(values: Float64Array | ArrayLike<number>): SortedSample {
  const n = values.length;
  const buf = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === v) buf[k++] = v;
  }
  const sorted = buf.subarray(0, k);
  sortFloat64InPlace(sorted);
  return { values: sorted, missing: n - k };
}

/**
 * Sorts a NaN-free Float64Array ascending in place (same order as
 * Float64Array.prototype.sort for NaN-free input).
 */
export function sortFloat64InPlace(a: Float64Array): Float64Array {
  if (a.length < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) return a.sort();
  radixSort(a);
  return a;
}

function radixSort(a: Float64Array): void {
  const n = a.length;
  let src: Uint32Array = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  let dst: Uint32Array = new Uint32Array(2 * n);
  const passes = n >= WIDE_DIGITS_MIN_LENGTH ? WIDE : NARROW;
  const radix = 1 << passes[0]!.bits;
  const hist = new Uint32Array(passes.length * radix);

  // Map each double to an unsigned 64-bit key with the same order:
  // negatives get all bits flipped, non-negatives just the sign bit.
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = src[i + 1]!;
    if (hi & 0x80000000) {
      src[i] = ~src[i]! >>> 0;
      src[i + 1] = ~hi >>> 0;
    } else {
      src[i + 1] = (hi ^ 0x80000000) >>> 0;
    }
  }
  if (passes === WIDE) histogramWide(src, n, hist);
  else histogramNarrow(src, n, hist);

  const offsets = new Uint32Array(radix);
  for (let p = 0; p < passes.length; p++) {
    const { word, shift, bits } = passes[p]!;
    const base = p * radix;
    // Skip a pass whose digit is the same for every element.
    let sum = 0;
    let trivial = false;
    for (let d = 0; d < 1 << bits; d++) {
      const c = hist[base + d]!;
      if (c === n) {
        trivial = true;
        break;
      }
      offsets[d] = sum;
      sum += c;
    }
    if (trivial) continue;
    const mask = (1 << bits) - 1;
    if (word === 0) scatterLo(src, dst, n, shift, mask, offsets);
    else scatterHi(src, dst, n, shift, mask, offsets);
    const t = src;
    src = dst;
    dst = t;
  }

  // Undo the key mapping, writing into `a` (src may be `a` itself or scratch).
  const out = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = src[i]!;
    const hi = src[i + 1]!;
    if (hi & 0x80000000) {
      out[i] = lo;
      out[i + 1] = (hi ^ 0x80000000) >>> 0;
    } else {
      out[i] = ~lo >>> 0;
      out[i + 1] = ~hi >>> 0;
    }
  }
}

// Histograms of all digits in one read of the keys (layouts match NARROW / WIDE).
function histogramNarrow(keys: Uint32Array, n: number, hist: Uint32Array): void {
  const R = 1 << 11;
  const M = R - 1;
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = keys[i]!;
    const hi = keys[i + 1]!;
    hist[lo & M]!++;
    hist[R + ((lo >>> 11) & M)]!++;
    hist[2 * R + (lo >>> 22)]!++;
    hist[3 * R + (hi & M)]!++;
    hist[4 * R + ((hi >>> 11) & M)]!++;
    hist[5 * R + (hi >>> 22)]!++;
  }
}

function histogramWide(keys: Uint32Array, n: number, hist: Uint32Array): void {
  const R = 1 << 16;
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = keys[i]!;
    const hi = keys[i + 1]!;
    hist[lo & 0xffff]!++;
    hist[R + (lo >>> 16)]!++;
    hist[2 * R + (hi & 0xffff)]!++;
    hist[3 * R + (hi >>> 16)]!++;
  }
}

// Two copies instead of one with a `word` test in the loop: ~10% faster in V8.
function scatterLo(
  src: Uint32Array,
  dst: Uint32Array,
  n: number,
  shift: number,
  mask: number,
  offsets: Uint32Array,
): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = src[i]!;
    const pos = 2 * offsets[(lo >>> shift) & mask]!++;
    dst[pos] = lo;
    dst[pos + 1] = src[i + 1]!;
  }
}

function scatterHi(
  src: Uint32Array,
  dst: Uint32Array,
  n: number,
  shift: number,
  mask: number,
  offsets: Uint32Array,
): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = src[i + 1]!;
    const pos = 2 * offsets[(hi >>> shift) & mask]!++;
    dst[pos] = src[i]!;
    dst[pos + 1] = hi;
  }
}
