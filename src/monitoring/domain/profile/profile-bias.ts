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

export function profileBias(p: PredictionProfile, fourFifthsThreshold = 0.8): ProfileBias {
  const l = p.labels;
  if (l.rows === 0) return { kind: 'no_rows' };
  if (l.attributes.size === 0) return { kind: 'no_attributes', rows: l.rows };
  if (l.badLabels.size) return { kind: 'bad_labels', values: [...l.badLabels.keys()].slice(0, 5) };
  if (l.badPredictions.size) return { kind: 'bad_predictions', values: [...l.badPredictions.keys()].slice(0, 5) };
  const okRows = l.rows - l.missing;
  const attributes = [...l.attributes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attribute, a]) => {
      const groups = [...a.groups.keys()];
      const cells = new Float64Array(4 * groups.length);
      let counted = 0;
      groups.forEach((g, i) => {
        const c = a.groups.get(g)!;
        for (let k = 0; k < 4; k++) {
          cells[4 * i + k] = c[k]!;
          counted += c[k]!;
        }
      });
      return attributeFromCells(attribute, groups, cells, l.missing, okRows - counted, fourFifthsThreshold);
    });
  return { kind: 'report', rows: l.rows, report: { attributes } };
}
