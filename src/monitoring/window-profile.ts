import type { ReferenceDataset } from './domain/monitoring-store.js';
import { emptyProfile, mergeProfile, type PredictionProfile } from './domain/profile/prediction-profile.js';
import type { ReportDeps, ReportScope } from './measure-drift.js';
import { type CurrentBasis, currentBasis } from './profile-basis-source.js';
import { readProfile } from './profile-writes.js';
import { windowStart } from './domain/profile/profile-periods.js';
import { ensureProfileBasis } from './rebuild-profiles.js';
import { emptyQuality, mergeQuality, type QualityProfile } from './domain/profile/quality-profile.js';

/**
 * The profile of a report's scope: the hourly profiles of its version (one environment or all)
 * in its window, merged — from the top of the hour the window starts in (report windows start
 * there anyway; the post-deploy check's starts at the deployment). Its cost depends on the hours and bins, not on how many predictions
 * were logged. Profiles on another basis (an earlier reference or label encoding) whose rows are
 * no longer kept are left out and counted, never mixed in.
 */
export interface WindowProfile {
  readonly profile: PredictionProfile;
  readonly current: CurrentBasis;
  /** hours with a profile in the window */
  readonly hours: number;
  /** predictions in the window profiled on another basis that could not be rebuilt */
  readonly notComparable: { readonly rows: number; readonly hours: number };
  /** with `periodOf`: the quality counts per period (its start in ms) */
  readonly periods: ReadonlyMap<number, { readonly rows: number; readonly quality: QualityProfile }>;
}

export async function windowProfile(deps: ReportDeps, scope: ReportScope, reference?: ReferenceDataset | null, periodOf?: (hour: Date) => number): Promise<WindowProfile> {
  const current = await currentBasis(deps.store.read, deps.config, scope.model.name, scope.version.id, reference);
  await ensureProfileBasis(deps, scope.model.id, scope.version.id, current);
  const rows = await deps.store.read.profiles.window({ versionId: scope.version.id, environment: scope.environment ?? undefined, from: windowStart(scope.from, deps.clock.now()), to: scope.to });
  const profile = emptyProfile(current.basis);
  const hours = new Set<number>();
  const stale = new Set<number>();
  let staleRows = 0;
  const periods = new Map<number, { rows: number; quality: QualityProfile }>();
  for (const r of rows) {
    if (r.basis !== current.basis.id) {
      staleRows += r.rows;
      stale.add(r.hour.getTime());
      continue;
    }
    hours.add(r.hour.getTime());
    const p = readProfile(r.data, current);
    if (periodOf) {
      const start = periodOf(r.hour);
      let period = periods.get(start);
      if (!period) periods.set(start, (period = { rows: 0, quality: emptyQuality() }));
      period.rows += p.rows;
      mergeQuality(period.quality, p.quality);
    }
    mergeProfile(profile, p, current.categories);
  }
  return { profile, current, hours: hours.size, notComparable: { rows: staleRows, hours: stale.size }, periods };
}
