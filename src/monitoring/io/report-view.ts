import type { AttributeBias, DatasetDrift, FeatureDrift } from '../domain/stats/index.js';
import { fmtNumber, table, text } from '../../chat/replies/builders.js';
import type { Block } from '../../chat/replies/reply.js';
import { FOUR_FIFTHS_NOTE, rankFeatures } from './drift-json.js';

/** Reply blocks shared by the CLI table output and the chat reports. */

const TEST_LABEL: Record<string, string> = { ks: 'KS p-value', chiSquare: 'chi-square p-value', wasserstein: 'Wasserstein (normed)', psi: 'PSI', jensenShannon: 'Jensen-Shannon' };
const STATUS_LABEL: Record<string, string> = { drift: 'DRIFT', possible_drift: 'possible', no_drift: 'ok', not_testable: 'not testable' };

export const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : fmtNumber(v));
export const pct = (v: number | null): string => (v === null ? '—' : `${Number((v * 100).toFixed(1))}%`);

export function driftHeadline(d: DatasetDrift): string {
  const testable = d.features.filter((f) => f.status !== 'not_testable').length;
  const drifted = d.features.filter((f) => f.status === 'drift').length;
  if (testable === 0) return `Dataset drift: not testable (no feature has data on both sides)`;
  return `Dataset drift: **${d.datasetDrift ? 'yes' : 'no'}** — ${drifted} of ${testable} features drifted (${pct(d.shareDrifted)})`;
}

/** " ± b" when the score comes from a profile's bins and is not exact. */
export function scoreBound(f: FeatureDrift): string {
  if (f.kind !== 'numeric' || !f.bound || f.score === null) return '';
  const b = f.test === 'ks' ? f.bound.ks.pValue : f.test === 'wasserstein' ? f.bound.wassersteinNormed : null;
  return b === null ? '' : ` ± ${fmtNumber(b)}`;
}

export function driftFeatureTable(features: readonly FeatureDrift[], limit = Infinity): Block {
  const ranked = rankFeatures(features);
  const rows = ranked.slice(0, limit).map((f) => [
    f.name,
    f.kind,
    TEST_LABEL[f.test] ?? f.test,
    num(f.score) + scoreBound(f),
    `${f.test === 'ks' || f.test === 'chiSquare' ? '<' : '≥'} ${fmtNumber(f.threshold)}`,
    STATUS_LABEL[f.status] ?? f.status,
    f.missing.reference || f.missing.current ? `${f.missing.reference}/${f.missing.current}` : '0',
  ]);
  return table(['feature', 'kind', 'test', 'score', 'drift if', 'tier', 'missing ref/cur'], rows, ranked.length > limit ? ranked.length - limit : undefined);
}

export function biasAttributeBlocks(a: AttributeBias): Block[] {
  const groups = table(
    ['group', 'count', 'selection rate', 'TPR', 'FPR', 'accuracy'],
    a.groups.map((g) => [g.group, String(g.count), num(g.selectionRate), g.tpr === null ? 'undefined (no positives)' : num(g.tpr), g.fpr === null ? 'undefined (no negatives)' : num(g.fpr), num(g.accuracy)]),
  );
  const metrics = table(
    ['metric', 'difference', 'ratio'],
    [
      ['demographic parity', num(a.demographicParityDifference), num(a.demographicParityRatio)],
      ['equal opportunity', num(a.equalOpportunityDifference), num(a.equalOpportunityRatio)],
      ['equalized odds', num(a.equalizedOddsDifference), num(a.equalizedOddsRatio)],
    ],
  );
  const screen = a.demographicParityRatio === null
    ? 'Four-fifths screen: not computable (no selection-rate ratio).'
    : `Four-fifths screen: ratio ${num(a.demographicParityRatio)} ${a.fourFifthsFlag ? '< 0.8 — **flagged**' : '≥ 0.8 — not flagged'} (${FOUR_FIFTHS_NOTE}).`;
  return [text(`**${a.attribute}**`), groups, metrics, text(screen), ...a.notes.map((n) => text(`Note: ${n}.`))];
}
