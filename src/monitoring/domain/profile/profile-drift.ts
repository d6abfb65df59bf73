import { binCountsSorted, decileEdges, proportions } from '../stats/bins.js';
import { categoricalDriftStats, type AlignedCategoryCounts } from '../stats/categorical.js';
import { classifyDrift, type CategoricalFeatureDrift, type ColumnDriftOptions, type FeatureDrift, type NumericFeatureDrift, resolveDecision } from '../stats/column-drift.js';
import { type DatasetDrift, type DatasetDriftOptions, DEFAULT_DRIFT_SHARE, summarizeDrift } from '../stats/dataset-drift.js';
import type { FeatureHistogram } from '../stats/histogram.js';
import { jensenShannon } from '../stats/jensen-shannon.js';
import { ksPValue } from '../stats/ks-test.js';
import { populationStd } from '../stats/population-std.js';
import { psi } from '../stats/psi.js';
import { sortSample } from '../stats/sorted-sample.js';
import { normalizeWasserstein } from '../stats/wasserstein.js';
import type { ReferenceColumn } from '../monitoring-store.js';
import { ecdfBounds, type Interval } from './ecdf-bounds.js';
import type { ProfileBasis } from './profile-basis.js';
import type { CategoricalProfile, NumericProfile, PredictionProfile } from './prediction-profile.js';

/**
 * Drift of a profile against the reference it was built on, with the decisions of
 * column-drift.ts. Exact: missing counts, PSI and Jensen–Shannon (numeric: over the reference's
 * decile bins, which are unions of profile bins; categorical: over the categories), chi-square.
 * Bounded (ecdf-bounds.ts): the KS statistic and p-value, Wasserstein-1 and its normed form — the
 * shown value is an estimate inside the interval the exact one must lie in, `bound` how far the
 * exact value can be from it at most.
 */

export const POOLED_CATEGORY = '(other categories)';

export interface ProfileDrift {
  readonly drift: DatasetDrift;
  /** Reference vs current proportions over the bins the statistics use, for charts. */
  readonly histograms: FeatureHistogram[];
}

interface SortedReference {
  readonly values: Float64Array;
  readonly missing: number;
}

function numericDrift(name: string, ref: SortedReference, edges: Float64Array, cur: NumericProfile, options: ColumnDriftOptions): { drift: NumericFeatureDrift; histogram: FeatureHistogram } {
  const r = ref.values;
  const decision = resolveDecision(name, 'numeric', r.length, options);
  const base = { name, kind: 'numeric' as const, test: decision.test, threshold: decision.threshold, missing: { reference: ref.missing, current: cur.missing } };
  const deciles = r.length ? decileEdges(r) : new Float64Array(0);
  // Profile bin i holds (edges[i−1], edges[i]]: its decile bin is the number of decile edges < edges[i].
  const curDeciles = new Float64Array(deciles.length + 1);
  let d = 0;
  for (let i = 0; i < cur.bins.length; i++) {
    if (i < edges.length) while (d < deciles.length && deciles[d]! < edges[i]!) d++;
    else d = deciles.length;
    curDeciles[d]! += cur.bins[i]!;
  }
  const refDeciles = binCountsSorted(r, deciles);
  const histogram: FeatureHistogram = { name, kind: 'numeric', edges: Array.from(deciles), reference: Array.from(proportions(refDeciles)), current: Array.from(proportions(curDeciles)) };
  if (r.length === 0 || cur.count === 0) {
    return { drift: { ...base, score: null, status: 'not_testable', ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null }, histogram };
  }
  const rp = proportions(refDeciles);
  const cp = proportions(curDeciles);
  const b = ecdfBounds(r, edges, cur.bins, cur.min, cur.max);
  const mid = (i: Interval) => i.estimate;
  const half = (i: Interval) => Math.max(i.estimate - i.low, i.high - i.estimate);
  const m = cur.count;
  const statistic = mid(b.ks);
  const pValue = ksPValue(statistic, r.length, m);
  const pLow = ksPValue(b.ks.high, r.length, m);
  const pHigh = ksPValue(b.ks.low, r.length, m);
  const std = populationStd(r);
  const w = mid(b.wasserstein);
  const scores = { ks: pValue, chiSquare: Number.NaN, wasserstein: normalizeWasserstein(w, std), psi: psi(rp, cp), jensenShannon: jensenShannon(rp, cp) };
  const score = scores[decision.test];
  return {
    drift: {
      ...base,
      score,
      status: classifyDrift(decision.test, score, decision.threshold, decision.possibleBand),
      ks: { statistic, pValue },
      wasserstein: w,
      wassersteinNormed: scores.wasserstein,
      psi: scores.psi,
      jensenShannon: scores.jensenShannon,
      bound: { ks: { statistic: half(b.ks), pValue: Math.max(pHigh - pValue, pValue - pLow) }, wasserstein: half(b.wasserstein), wassersteinNormed: normalizeWasserstein(half(b.wasserstein), std) },
    },
    histogram,
  };
}

function categoricalDrift(name: string, ref: ReferenceColumn & { kind: 'categorical' }, cur: CategoricalProfile, options: ColumnDriftOptions): { drift: CategoricalFeatureDrift; histogram: FeatureHistogram } {
  const refCounts = new Float64Array(ref.categories.length);
  let refMissing = 0;
  for (const c of ref.codes) {
    if (c < 0) refMissing++;
    else refCounts[c]!++;
  }
  const categories: string[] = [];
  const r: number[] = [];
  const c: number[] = [];
  const index = new Map<string, number>();
  ref.categories.forEach((name, i) => {
    if (refCounts[i]! === 0) return;
    index.set(name, categories.length);
    categories.push(name);
    r.push(refCounts[i]!);
    c.push(0);
  });
  const currentOnly = (k: string, n: number) => {
    if (n === 0) return;
    const at = index.get(k);
    if (at !== undefined) c[at]! += n;
    else {
      index.set(k, categories.length);
      categories.push(k);
      r.push(0);
      c.push(n);
    }
  };
  for (const [k, n] of cur.counts) currentOnly(k, n);
  if (cur.other > 0) currentOnly(POOLED_CATEGORY, cur.other);
  const counts: AlignedCategoryCounts = { categories, reference: Float64Array.from(r), current: Float64Array.from(c), missing: { reference: refMissing, current: cur.missing } };
  const refRows = ref.codes.length - refMissing;
  const decision = resolveDecision(name, 'categorical', refRows, options);
  const base = { name, kind: 'categorical' as const, test: decision.test, threshold: decision.threshold, missing: counts.missing, ...(cur.other > 0 ? { pooled: cur.other } : {}) };
  const histogram: FeatureHistogram = { name, kind: 'categorical', categories, reference: Array.from(proportions(counts.reference)), current: Array.from(proportions(counts.current)) };
  if (refRows === 0 || cur.count === 0) return { drift: { ...base, score: null, status: 'not_testable', chiSquare: null, psi: null, jensenShannon: null }, histogram };
  const s = categoricalDriftStats(counts);
  const score = decision.test === 'chiSquare' ? s.chiSquare.pValue : decision.test === 'psi' ? s.psi : s.jensenShannon;
  return { drift: { ...base, score, status: classifyDrift(decision.test, score, decision.threshold, decision.possibleBand), chiSquare: s.chiSquare, psi: s.psi, jensenShannon: s.jensenShannon }, histogram };
}

/** Sorted reference columns, computed once per report (the cost of the reference, not of the predictions). */
export function sortReference(columns: readonly ReferenceColumn[]): Map<string, SortedReference> {
  const out = new Map<string, SortedReference>();
  for (const c of columns) if (c.kind === 'numeric') out.set(c.name, sortSample(c.values));
  return out;
}

export function profileDrift(reference: readonly ReferenceColumn[], basis: ProfileBasis, profile: PredictionProfile, options: DatasetDriftOptions = {}, sorted = sortReference(reference)): ProfileDrift {
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  const perColumn = options.columns ?? {};
  const features: FeatureDrift[] = [];
  const histograms: FeatureHistogram[] = [];
  for (const f of basis.features) {
    const col = reference.find((c) => c.name === f.name)!;
    const cur = profile.features.get(f.name)!;
    const opts = { ...options.defaults, ...(Object.hasOwn(perColumn, f.name) ? perColumn[f.name] : undefined) };
    const one = f.kind === 'numeric' && cur.kind === 'numeric' ? numericDrift(f.name, sorted.get(f.name)!, f.edges, cur, opts) : categoricalDrift(f.name, col as ReferenceColumn & { kind: 'categorical' }, cur as CategoricalProfile, opts);
    features.push(one.drift);
    histograms.push(one.histogram);
  }
  return { drift: summarizeDrift(features, driftShare), histograms };
}
