import type { Clock } from '../core/clock.js';
import { ok } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { DAY_MS, foldedBefore } from './domain/profile/profile-periods.js';
import { basisOfJson, emptyProfile, mergeProfile } from './domain/profile/prediction-profile.js';
import { profileFromJson, profileToStored, type StoredProfileJson } from './domain/profile/profile-json.js';

/**
 * Folds the hourly profiles of days more than HOURLY_DAYS behind today into one row per day (keyed
 * by the day's start), a few groups per call, each in its own short transaction that locks only
 * the rows it folds. Safe on every replica at once: a group another replica folded first is found
 * already folded. Returns how many groups it folded.
 */
export async function foldProfiles(deps: { store: Store; clock: Clock }, batch = 20): Promise<number> {
  const now = deps.clock.now();
  const groups = await deps.store.read.profiles.foldable(foldedBefore(now), batch);
  let folded = 0;
  for (const g of groups) {
    const r = await deps.store.transaction(async (tx) => {
      const key = { versionId: g.versionId, environment: g.environment, basis: g.basis, source: g.source };
      const locked = await tx.profiles.lockRange(key, g.day, new Date(g.day.getTime() + DAY_MS));
      const rows = locked.filter((x) => x.hour.getTime() !== g.day.getTime());
      if (!rows.length) return ok(false);
      const basis = basisOfJson(rows[0]!.data as StoredProfileJson);
      const [day] = locked[0]!.hour.getTime() === g.day.getTime() ? [locked[0]!] : await tx.profiles.lock(g.modelId, [{ ...key, hour: g.day }], profileToStored(emptyProfile(basis)), now);
      const into = profileFromJson(day!.data as StoredProfileJson, basis);
      if (!into.ok) throw new Error(into.problem);
      for (const x of rows) {
        const p = profileFromJson(x.data as StoredProfileJson, basis);
        if (!p.ok) throw new Error(p.problem);
        mergeProfile(into.value, p.value);
      }
      await tx.profiles.save({ ...day!, rows: into.value.rows, data: profileToStored(into.value) }, now);
      await tx.profiles.remove(rows);
      return ok(true);
    });
    if (r.ok && r.value) folded++;
  }
  return folded;
}
