import { prng } from '../http/malformed-requests.js';
import type { ColumnData } from '../../src/monitoring/io/table.js';
import type { PageCursor, PredictionWindow } from '../../src/monitoring/domain/monitoring-store.js';
import { addRow, emptyProfile, type PredictionProfile } from '../../src/monitoring/domain/profile/prediction-profile.js';
import { type ProfileJson, profileToJson } from '../../src/monitoring/domain/profile/profile-json.js';
import type { CurrentBasis } from '../../src/monitoring/profile-basis-source.js';
import type { Store } from '../../src/ports/store.js';

/** A small reference with numeric, tied and categorical columns, generated deterministically. */
export function referenceColumns(rows: number, seed = 1): ColumnData[] {
  const r = prng(seed);
  return [
    { name: 'amount', kind: 'numeric', values: Float64Array.from({ length: rows }, () => Math.round(r() * r() * 50000) / 100) },
    { name: 'items', kind: 'numeric', values: Float64Array.from({ length: rows }, () => Math.floor(r() * 6)) },
    { name: 'country', kind: 'categorical', categories: ['DE', 'FR', 'ES'], codes: Int32Array.from({ length: rows }, () => Math.floor(r() * 3)) },
  ];
}

/** The profile of every logged row in a window, built row by row (what the stored profiles must equal). */
export async function profileOfRows(store: Store, w: PredictionWindow, current: CurrentBasis): Promise<PredictionProfile> {
  const p = emptyProfile(current.basis);
  let cursor: PageCursor | null = null;
  for (;;) {
    const page = await store.read.predictions.page(w, cursor, 5000);
    for (const r of page) addRow(p, current.basis, r, 1, current.categories);
    if (page.length < 5000) break;
    cursor = { at: page.at(-1)!.at, seq: page.at(-1)!.seq };
  }
  return p;
}

/** A profile's JSON with order-free parts sorted and float sums rounded, for equality checks. */
export function comparable(p: PredictionProfile): ProfileJson {
  const j = profileToJson(p);
  const byKey = <T extends [string, unknown]>(xs: T[]) => [...xs].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const round = (v: number) => Number(v.toPrecision(10));
  return {
    ...j,
    features: j.features.map((f) => (f.kind === 'numeric' ? { ...f, sum: round(f.sum), sumSquares: round(f.sumSquares) } : { ...f, counts: byKey(f.counts) })),
    prediction: { ...j.prediction, sum: round(j.prediction.sum), sumSquares: round(j.prediction.sumSquares), categories: byKey(j.prediction.categories) },
    labels: { ...j.labels, badLabels: byKey(j.labels.badLabels), badPredictions: byKey(j.labels.badPredictions), attributes: [...j.labels.attributes].sort((x, y) => x.name.localeCompare(y.name)).map((a) => ({ ...a, groups: byKey(a.groups) })) },
    quality: { ...j.quality!, errors: j.quality!.errors.map(round), expected: j.quality!.expected.map(round) },
  };
}
