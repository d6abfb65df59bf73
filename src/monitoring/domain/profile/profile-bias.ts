import { attributeFromCells, type BiasReport } from '../stats/bias.js';
import type { PredictionProfile } from './prediction-profile.js';

/**
 * Bias from a profile's labelled counts: exactly the numbers and notes the raw rows give
 * (stats/bias.ts computes both from the same cells). Values that cannot be read as 0/1 are
 * returned instead, as the raw path reports them.
 */
export type ProfileBias =
  | { readonly kind: 'report'; readonly rows: number; readonly report: BiasReport }
  | { readonly kind: 'no_rows' }
  | { readonly kind: 'no_attributes'; readonly rows: number }
  | { readonly kind: 'bad_labels'; readonly values: string[] }
  | { readonly kind: 'bad_predictions'; readonly values: string[] };

/**
 * `minGroupSize`: a group with fewer labelled predictions (label and prediction both present) is
 * too small to show: it is left out of the group table and the metrics (which would reveal its
 * rates), and a note says so — no report exposes an individual.
 */
export function profileBias(p: PredictionProfile, fourFifthsThreshold = 0.8, minGroupSize = 1): ProfileBias {
  const l = p.labels;
  if (l.rows === 0) return { kind: 'no_rows' };
  if (l.attributes.size === 0) return { kind: 'no_attributes', rows: l.rows };
  if (l.badLabels.size) return { kind: 'bad_labels', values: [...l.badLabels.keys()].slice(0, 5) };
  if (l.badPredictions.size) return { kind: 'bad_predictions', values: [...l.badPredictions.keys()].slice(0, 5) };
  const okRows = l.rows - l.missing;
  const attributes = [...l.attributes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attribute, a]) => {
      const size = (c: Float64Array) => c[0]! + c[1]! + c[2]! + c[3]!;
      let counted = 0;
      for (const c of a.groups.values()) counted += size(c);
      const small = [...a.groups].filter(([, c]) => size(c) > 0 && size(c) < minGroupSize).map(([g]) => g);
      const groups = [...a.groups.keys()].filter((g) => !small.includes(g));
      const cells = new Float64Array(4 * groups.length);
      groups.forEach((g, i) => cells.set(a.groups.get(g)!.subarray(0, 4), 4 * i));
      const bias = attributeFromCells(attribute, groups, cells, l.missing, okRows - counted, fourFifthsThreshold);
      if (small.length) bias.notes.push(`${small.length === 1 ? `group '${small[0]}' has` : `groups ${small.map((g) => `'${g}'`).join(', ')} have`} fewer than ${minGroupSize} labelled predictions: too small to show, left out of the table and the metrics`);
      return bias;
    });
  return { kind: 'report', rows: l.rows, report: { attributes } };
}
