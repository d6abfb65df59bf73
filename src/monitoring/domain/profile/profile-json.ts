import { z } from 'zod';
import type { ProfileBasis } from './profile-basis.js';
import { emptyProfile, type PredictionProfile } from './prediction-profile.js';
import { qualityFromJson, qualityToJson, SCORE_BINS } from './quality-profile.js';

/**
 * The stored and sent form of a profile, format "steward.profile/1" (docs/monitoring.md):
 * plain JSON, categories as [name, count] pairs in order of first appearance, numeric bins as a
 * dense array over the basis's edges, min/max null when there is no value; `quality` (optional on
 * input: a profile without it has no quality counts) as quality-profile.ts describes.
 */
export const PROFILE_FORMAT = 'steward.profile/1';

const count = z.number().finite().min(0);
const pairs = z.array(z.tuple([z.string().max(1000), count])).max(100_000);
const bound = z.number().finite().nullable();

const numeric = z.object({ name: z.string(), kind: z.literal('numeric'), count, missing: count, notNumbers: count, min: bound, max: bound, sum: z.number().finite(), sumSquares: z.number().finite(), bins: z.array(count) }).strict();
const categorical = z.object({ name: z.string(), kind: z.literal('categorical'), count, missing: count, counts: pairs, other: count }).strict();

export const profileJsonSchema = z
  .object({
    format: z.literal(PROFILE_FORMAT),
    basis: z.string(),
    rows: count,
    features: z.array(z.discriminatedUnion('kind', [numeric, categorical])),
    prediction: z.object({ count, missing: count, numbers: count, sum: z.number().finite(), sumSquares: z.number().finite(), min: bound, max: bound, categories: pairs, other: count }).strict(),
    labels: z
      .object({
        rows: count,
        missing: count,
        badLabels: pairs,
        badPredictions: pairs,
        attributes: z.array(z.object({ name: z.string().max(128), rows: count, groups: z.array(z.tuple([z.string().max(1000), z.array(count).length(5)])).max(100_000) }).strict()),
      })
      .strict(),
    quality: z
      .object({
        pairs: count,
        fractional: count,
        confusion: pairs,
        confusionOther: count,
        binary: z.array(count).length(4),
        errors: z.array(z.number().finite().min(0)).length(3),
        scoreBins: z.array(z.tuple([z.number().int().min(0).max(SCORE_BINS - 1), count, count])).max(SCORE_BINS),
        delays: z.array(z.tuple([z.number().int().min(0).max(1000), count])).max(1001),
        expected: z.array(z.number().finite().min(0)).length(4),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ProfileJson = z.infer<typeof profileJsonSchema>;

/**
 * How numeric bins are stored in the database: dense like the upload format, or — when fewer than
 * a third of them are non-zero, as in most hourly profiles (a few dozen values over ~1,000 fine
 * bins) — as the non-zero bins' indexes and counts. Only storage uses the sparse form; what clients
 * send and receive stays dense ("steward.profile/1").
 */
export type StoredBins = number[] | { readonly size: number; readonly at: readonly number[]; readonly counts: readonly number[] };
type StoredNumeric = Omit<Extract<ProfileJson['features'][number], { kind: 'numeric' }>, 'bins'> & { bins: StoredBins };
/** A profile as stored in prediction_profiles.data: ProfileJson, with numeric bins dense or sparse. */
export type StoredProfileJson = Omit<ProfileJson, 'features'> & { features: (Extract<ProfileJson['features'][number], { kind: 'categorical' }> | StoredNumeric)[] };

function storedBins(bins: Float64Array): StoredBins {
  let nonZero = 0;
  for (let i = 0; i < bins.length; i++) if (bins[i] !== 0) nonZero++;
  if (nonZero * 3 >= bins.length) return Array.from(bins);
  const at: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < bins.length; i++) {
    if (bins[i] === 0) continue;
    at.push(i);
    counts.push(bins[i]!);
  }
  return { size: bins.length, at, counts };
}

/** The stored form of a profile (the database's; see StoredBins). */
export function profileToStored(p: PredictionProfile): StoredProfileJson {
  const j = profileToJson(p);
  return {
    ...j,
    features: j.features.map((f) => {
      const acc = p.features.get(f.name);
      return f.kind === 'numeric' && acc?.kind === 'numeric' ? { ...f, bins: storedBins(acc.bins) } : f;
    }),
  };
}

/** The number of bins a stored numeric feature has. */
export const storedBinCount = (bins: StoredBins): number => (Array.isArray(bins) ? bins.length : bins.size);

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function profileToJson(p: PredictionProfile): ProfileJson {
  return {
    format: PROFILE_FORMAT,
    basis: p.basis,
    rows: p.rows,
    features: [...p.features].map(([name, f]) =>
      f.kind === 'numeric'
        ? { name, kind: 'numeric' as const, count: f.count, missing: f.missing, notNumbers: f.notNumbers, min: finiteOrNull(f.min), max: finiteOrNull(f.max), sum: f.sum, sumSquares: f.sumSquares, bins: Array.from(f.bins) }
        : { name, kind: 'categorical' as const, count: f.count, missing: f.missing, counts: [...f.counts], other: f.other },
    ),
    prediction: { ...p.prediction, min: finiteOrNull(p.prediction.min), max: finiteOrNull(p.prediction.max), categories: [...p.prediction.categories] },
    labels: {
      rows: p.labels.rows,
      missing: p.labels.missing,
      badLabels: [...p.labels.badLabels],
      badPredictions: [...p.labels.badPredictions],
      attributes: [...p.labels.attributes].map(([name, a]) => ({ name, rows: a.rows, groups: [...a.groups].map(([g, c]): [string, number[]] => [g, Array.from(c)]) })),
    },
    quality: qualityToJson(p.quality),
  };
}

/** A profile from its JSON (sent, or stored) on `basis`, or why it does not fit (one line). */
export function profileFromJson(j: ProfileJson | StoredProfileJson, basis: ProfileBasis): { ok: true; value: PredictionProfile } | { ok: false; problem: string } {
  if (j.basis !== basis.id) return { ok: false, problem: `the profile was built on basis ${j.basis}, but the version's basis is now ${basis.id}` };
  const p = emptyProfile(basis);
  p.rows = j.rows;
  for (const f of j.features) {
    const acc = p.features.get(f.name);
    if (!acc || acc.kind !== f.kind) return { ok: false, problem: `features: ${f.name} is not a ${f.kind} feature of the reference` };
    acc.count = f.count;
    acc.missing = f.missing;
    if (acc.kind === 'numeric' && f.kind === 'numeric') {
      const size = storedBinCount(f.bins);
      if (size !== acc.bins.length) return { ok: false, problem: `features: ${f.name} has ${size} bins; the basis has ${acc.bins.length}` };
      acc.notNumbers = f.notNumbers;
      acc.min = f.min ?? Infinity;
      acc.max = f.max ?? -Infinity;
      acc.sum = f.sum;
      acc.sumSquares = f.sumSquares;
      if (Array.isArray(f.bins)) acc.bins.set(f.bins);
      else for (let i = 0; i < f.bins.at.length; i++) acc.bins[f.bins.at[i]!] = f.bins.counts[i]!;
    } else if (acc.kind === 'categorical' && f.kind === 'categorical') {
      for (const [k, n] of f.counts) acc.counts.set(k, n);
      acc.other = f.other;
    }
  }
  const v = j.prediction;
  Object.assign(p.prediction, { count: v.count, missing: v.missing, numbers: v.numbers, sum: v.sum, sumSquares: v.sumSquares, min: v.min ?? Infinity, max: v.max ?? -Infinity, other: v.other });
  for (const [k, n] of v.categories) p.prediction.categories.set(k, n);
  p.labels.rows = j.labels.rows;
  p.labels.missing = j.labels.missing;
  for (const [k, n] of j.labels.badLabels) p.labels.badLabels.set(k, n);
  for (const [k, n] of j.labels.badPredictions) p.labels.badPredictions.set(k, n);
  for (const a of j.labels.attributes) p.labels.attributes.set(a.name, { rows: a.rows, groups: new Map(a.groups.map(([g, c]) => [g, Float64Array.from(c)])) });
  if (j.quality) qualityFromJson(j.quality, p.quality);
  return { ok: true, value: p };
}
