import type { Config } from '../config/config.js';
import { ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type BasisJson, basisToJson } from './domain/profile/basis-json.js';
import { resolveVersion } from './log-predictions.js';
import { currentBasis } from './profile-basis-source.js';

/**
 * The basis a version's profiles are built on now (its reference's bins and categories, the
 * model's label encoding), in its sent form "steward.basis/1": what `steward log-profile` and
 * other clients bin their data on before they send a profile. Reads only.
 */
export async function readProfileBasis(deps: { readonly store: Store; readonly config: Config }, model: string, version: number): Promise<Result<BasisJson>> {
  const target = await resolveVersion(deps.store.read, model, version);
  if (!target.ok) return target;
  const current = await currentBasis(deps.store.read, deps.config, target.value.model.name, target.value.version.id);
  return ok(basisToJson(current.basis, current.categories));
}
