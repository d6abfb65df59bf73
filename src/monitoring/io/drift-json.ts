import type { AttributeBias, BiasReport, ColumnInput, DatasetDrift, FeatureDrift } from '../domain/stats/index.js';
import type { Table } from './table.js';

/**
 * The stable, documented JSON shapes of `steward drift` / `steward bias --format json` (and the
 * `data` of the chat reports). Keys are written in a fixed order; see README "Drift and bias".
 */

export interface FeatureJson {
  name: string;
  kind: 'numeric' | 'categorical';
  test: string;
  score: number | null;
  threshold: number;
  status: string;
  missing: { reference: number; current: number };
  ks?: { statistic: number; pValue: number } | null;
  wasserstein?: number | null;
  wassersteinNormed?: number | null;
  chiSquare?: { statistic: number; pValue: number; dof: number } | null;
  psi: number | null;
  jensenShannon: number | null;
  /** false: KS and Wasserstein come from a profile's bins, each within `bound` of the exact value */
  exact: boolean;
  bound?: { ks: { statistic: number; pValue: number }; wasserstein: number; wassersteinNormed: number };
  /** values of categories past a profile's cap, pooled as one category */
  pooled?: number;
}

export function featureJson(f: FeatureDrift): FeatureJson {
  const base = { name: f.name, kind: f.kind, test: f.test, score: f.score, threshold: f.threshold, status: f.status, missing: { reference: f.missing.reference, current: f.missing.current } };
  if (f.kind === 'numeric') {
    return {
      ...base,
      ks: f.ks ? { statistic: f.ks.statistic, pValue: f.ks.pValue } : null,
      wasserstein: f.wasserstein,
      wassersteinNormed: f.wassersteinNormed,
      psi: f.psi,
      jensenShannon: f.jensenShannon,
      exact: !f.bound,
      ...(f.bound ? { bound: { ks: { ...f.bound.ks }, wasserstein: f.bound.wasserstein, wassersteinNormed: f.bound.wassersteinNormed } } : {}),
    };
  }
  return { ...base, chiSquare: f.chiSquare ? { statistic: f.chiSquare.statistic, pValue: f.chiSquare.pValue, dof: f.chiSquare.dof } : null, psi: f.psi, jensenShannon: f.jensenShannon, exact: !f.pooled, ...(f.pooled ? { pooled: f.pooled } : {}) };
}

export interface DriftJson {
  features: FeatureJson[];
  shareDrifted: number | null;
  datasetDrift: boolean;
  rows: { reference: number; current: number };
}

export const driftJson = (d: DatasetDrift, rows: { reference: number; current: number }): DriftJson => ({
  features: d.features.map(featureJson),
  shareDrifted: d.shareDrifted,
  datasetDrift: d.datasetDrift,
  rows,
});

export interface AttributeJson {
  attribute: string;
  groups: { attribute: string; group: string; count: number; selectionRate: number | null; tpr: number | null; fpr: number | null; accuracy: number | null }[];
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalOpportunityDifference: number | null;
  equalOpportunityRatio: number | null;
  equalizedOddsDifference: number | null;
  equalizedOddsRatio: number | null;
  fourFifths: { ratio: number | null; flagged: boolean; note: string };
  notes: string[];
}

export const FOUR_FIFTHS_NOTE = 'screening heuristic (demographic-parity ratio under 0.8), not a verdict of unfairness';

export function attributeJson(a: AttributeBias): AttributeJson {
  return {
    attribute: a.attribute,
    groups: a.groups.map((g) => ({ attribute: g.attribute, group: g.group, count: g.count, selectionRate: g.selectionRate, tpr: g.tpr, fpr: g.fpr, accuracy: g.accuracy })),
    demographicParityDifference: a.demographicParityDifference,
    demographicParityRatio: a.demographicParityRatio,
    equalOpportunityDifference: a.equalOpportunityDifference,
    equalOpportunityRatio: a.equalOpportunityRatio,
    equalizedOddsDifference: a.equalizedOddsDifference,
    equalizedOddsRatio: a.equalizedOddsRatio,
    fourFifths: { ratio: a.demographicParityRatio, flagged: a.fourFifthsFlag, note: FOUR_FIFTHS_NOTE },
    notes: a.notes,
  };
}

/** One attribute: its object; several: {"attributes": [...]}. `rows` is added at the end. */
export function biasJson(r: BiasReport, rows: number): (AttributeJson & { rows: number }) | { attributes: AttributeJson[]; rows: number } {
  return r.attributes.length === 1 ? { ...attributeJson(r.attributes[0]!), rows } : { attributes: r.attributes.map(attributeJson), rows };
}

export const BIAS_METRICS = [
  'demographicParityDifference',
  'demographicParityRatio',
  'equalOpportunityDifference',
  'equalOpportunityRatio',
  'equalizedOddsDifference',
  'equalizedOddsRatio',
] as const;
export type BiasMetric = (typeof BIAS_METRICS)[number];

/** Pair a reference and a current table column by column (same names, same kinds). */
export function driftInputs(reference: Table, current: Table): ColumnInput[] {
  return reference.columns.map((r) => {
    const c = current.columns.find((x) => x.name === r.name);
    if (!c) throw new Error(`current has no column ${r.name}`);
    if (r.kind === 'numeric' && c.kind === 'numeric') return { name: r.name, kind: 'numeric', reference: r.values, current: c.values };
    if (r.kind === 'categorical' && c.kind === 'categorical') return { name: r.name, kind: 'categorical', reference: { codes: r.codes, categories: r.categories }, current: { codes: c.codes, categories: c.categories } };
    throw new Error(`column ${r.name} is ${r.kind} in the reference but ${c.kind} in the current data`);
  });
}

const TIER_RANK: Record<string, number> = { drift: 0, possible_drift: 1, no_drift: 2, not_testable: 3 };

/** Features ordered most drifted first: by tier, then by how far past its threshold the score is. */
export function rankFeatures<F extends FeatureDrift>(features: readonly F[]): F[] {
  const severity = (f: F): number => {
    if (f.score === null) return -Infinity;
    // p-value tests: smaller is worse; distances: larger is worse. Compare on a log scale of score/threshold.
    const ratio = f.test === 'ks' || f.test === 'chiSquare' ? f.threshold / Math.max(f.score, 1e-300) : f.score / f.threshold;
    return Math.log(Math.max(ratio, 1e-300));
  };
  return [...features].sort((a, b) => TIER_RANK[a.status]! - TIER_RANK[b.status]! || severity(b) - severity(a) || a.name.localeCompare(b.name));
}
