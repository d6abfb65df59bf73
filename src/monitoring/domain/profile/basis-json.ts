import { z } from 'zod';
import type { LabelEncoding } from './label-encoding.js';
import { MAX_CATEGORIES } from './prediction-profile.js';
import type { BasisFeature, ProfileBasis } from './profile-basis.js';

/**
 * The sent form of a profile basis, format "steward.basis/1" (docs/monitoring.md, docs/http-api.md):
 * what a client needs to build, where the data lives, a profile Steward accepts —
 *
 *   {"format": "steward.basis/1", "id": "<basis id>",
 *    "features": [{"name", "kind": "numeric", "edges": [e0, e1, …]}
 *               | {"name", "kind": "categorical", "categories": [the reference's categories]}],
 *    "labels": {"positiveLabel"?, "scoreThreshold"?}, "maxCategories": 1000}
 *
 * A numeric feature has edges.length + 1 bins: bin i holds the values v with edges[i−1] < v ≤
 * edges[i] (bin 0: v ≤ edges[0]; the last: v > the last edge). Categories the reference has are
 * always counted by name; at most maxCategories others are, the rest pooled in "other".
 */
export const BASIS_FORMAT = 'steward.basis/1';

const labels = z.object({ positiveLabel: z.union([z.string(), z.number().finite(), z.boolean()]).optional(), scoreThreshold: z.number().finite().optional() }).strict();

const increasing = (edges: readonly number[]) => edges.every((e, i) => i === 0 || edges[i - 1]! < e);

export const basisJsonSchema = z
  .object({
    format: z.literal(BASIS_FORMAT),
    id: z.string().min(1),
    features: z.array(
      z.discriminatedUnion('kind', [
        z.object({ name: z.string().min(1), kind: z.literal('numeric'), edges: z.array(z.number().finite()).refine(increasing, 'edges must be strictly increasing') }).strict(),
        z.object({ name: z.string().min(1), kind: z.literal('categorical'), categories: z.array(z.string()) }).strict(),
      ]),
    ),
    labels,
    maxCategories: z.number().int().min(0),
  })
  .strict();

export type BasisJson = z.infer<typeof basisJsonSchema>;

/** A basis and its reference's categories, as JSON. */
export function basisToJson(basis: ProfileBasis, categories: ReadonlyMap<string, ReadonlySet<string>>): BasisJson {
  const enc: LabelEncoding = basis.encoding;
  return {
    format: BASIS_FORMAT,
    id: basis.id,
    features: basis.features.map((f) => (f.kind === 'numeric' ? { name: f.name, kind: 'numeric' as const, edges: Array.from(f.edges) } : { name: f.name, kind: 'categorical' as const, categories: [...(categories.get(f.name) ?? [])] })),
    labels: { ...(enc.positiveLabel !== undefined ? { positiveLabel: enc.positiveLabel } : {}), ...(enc.scoreThreshold !== undefined ? { scoreThreshold: enc.scoreThreshold } : {}) },
    maxCategories: MAX_CATEGORIES,
  };
}

/** The basis a client profiles on (validated JSON), with the reference's categories per categorical feature. */
export function basisFromJson(j: BasisJson): { basis: ProfileBasis; categories: Map<string, Set<string>> } {
  const categories = new Map<string, Set<string>>();
  const features = j.features.map((f): BasisFeature => {
    if (f.kind === 'numeric') return { name: f.name, kind: 'numeric', edges: Float64Array.from(f.edges) };
    categories.set(f.name, new Set(f.categories));
    return { name: f.name, kind: 'categorical' };
  });
  const encoding: LabelEncoding = { ...(j.labels.positiveLabel !== undefined ? { positiveLabel: j.labels.positiveLabel } : {}), ...(j.labels.scoreThreshold !== undefined ? { scoreThreshold: j.labels.scoreThreshold } : {}) };
  return { basis: { id: j.id, features, encoding }, categories };
}
