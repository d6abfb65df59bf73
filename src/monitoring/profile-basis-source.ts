import type { Config } from '../config/config.js';
import type { Repos } from '../ports/store.js';
import type { ReferenceDataset } from './domain/monitoring-store.js';
import { basisId, profileBasis, type ProfileBasis } from './domain/profile/profile-basis.js';
import type { LabelEncoding } from './domain/profile/label-encoding.js';

/**
 * The basis a version's profiles are built on now: its reference (if any) and the model's label
 * encoding from steward.yaml. Bases are pure functions of (reference sha256, encoding), so each
 * process keeps the last few it computed (sorting a reference column is the only real cost).
 */

export interface CurrentBasis {
  readonly basis: ProfileBasis;
  /** per categorical feature, the reference's categories (never pooled into "other") */
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
}

const CACHE_SIZE = 16;
const cache = new Map<string, CurrentBasis>();

export function labelEncoding(config: Pick<Config, 'monitoring'>, model: string): LabelEncoding {
  const m = config.monitoring.models[model];
  return { ...(m?.positiveLabel !== undefined ? { positiveLabel: m.positiveLabel } : {}), ...(m?.scoreThreshold !== undefined ? { scoreThreshold: m.scoreThreshold } : {}) };
}

function fromReference(reference: ReferenceDataset | null, encoding: LabelEncoding): CurrentBasis {
  const basis = profileBasis(reference?.sha256 ?? null, reference?.data ?? [], encoding);
  const categories = new Map<string, Set<string>>();
  for (const c of reference?.data ?? []) if (c.kind === 'categorical') categories.set(c.name, new Set(c.categories));
  return { basis, categories };
}

/** The current basis of a version; `reference` is passed when the caller already loaded it. */
export async function currentBasis(repos: Repos, config: Pick<Config, 'monitoring'>, model: string, versionId: number, reference?: ReferenceDataset | null): Promise<CurrentBasis> {
  const encoding = labelEncoding(config, model);
  const summary = reference === undefined ? await repos.references.summary(versionId) : reference;
  const id = basisId(summary?.sha256 ?? null, encoding);
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const full = summary ? (reference ?? (await repos.references.get(versionId))) : null;
  const made = fromReference(full, encoding);
  cache.set(id, made);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return made;
}
