import type { Clock } from '../core/clock.js';
import { ok } from '../core/result.js';
import type { Repos, Store } from '../ports/store.js';
import type { PageCursor } from './domain/monitoring-store.js';
import { addRow, emptyProfile } from './domain/profile/prediction-profile.js';
import { profileToStored } from './domain/profile/profile-json.js';
import type { CurrentBasis } from './profile-basis-source.js';
import { periodOf } from './domain/profile/profile-periods.js';

const PAGE = 5000;

/**
 * Makes a version's 'rows' profiles match its current basis (after a new reference, a changed
 * label encoding, or for rows logged before profiles existed): every period (hour, or folded day)
 * that still has logged rows is rebuilt from them and its other profiles are deleted; periods
 * whose rows are no longer kept keep their old profiles, which reports then count as not
 * comparable — never mixed.
 * One replica does it (the version's basis record is locked); the others find it done.
 */
export async function ensureProfileBasis(deps: { store: Store; clock: Clock }, modelId: number, versionId: number, current: CurrentBasis): Promise<void> {
  if ((await deps.store.read.profiles.versionBasis(versionId, false)) === current.basis.id) return;
  await deps.store.transaction(async (tx) => {
    if ((await tx.profiles.versionBasis(versionId, true)) === current.basis.id) return ok(undefined);
    const now = deps.clock.now();
    // the periods (hours, or days already folded) that still have logged rows
    const periods = new Map<string, { environment: string; start: Date; ms: number }>();
    for (const h of await tx.profiles.rawHours(versionId)) {
      const p = periodOf(h.hour, now);
      periods.set(`${h.environment}\u0000${p.start.getTime()}`, { environment: h.environment, ...p });
    }
    const sorted = [...periods.values()].sort((a, b) => (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : a.start.getTime() - b.start.getTime()));
    for (const period of sorted) await rebuildPeriod(tx, modelId, versionId, period.environment, period, current, now);
    await tx.profiles.setVersionBasis(versionId, current.basis.id, now);
    return ok(undefined);
  });
}

/**
 * Rebuilds one period (an hour, or a folded day) of a version's 'rows' profiles from the logged
 * rows it still has, on the current basis; every other 'rows' profile in the period (older bases,
 * hourly rows of a folded day) is deleted, since the rebuilt one holds all of it.
 */
export async function rebuildPeriod(tx: Repos, modelId: number, versionId: number, environment: string, period: { start: Date; ms: number }, current: CurrentBasis, now: Date): Promise<void> {
  const { start } = period;
  const end = new Date(start.getTime() + period.ms);
  const [row] = await tx.profiles.lock(modelId, [{ versionId, environment, hour: start, basis: current.basis.id, source: 'rows' }], profileToStored(emptyProfile(current.basis)), now);
  const p = emptyProfile(current.basis);
  let cursor: PageCursor | null = null;
  for (;;) {
    const page = await tx.predictions.page({ modelId, versionId, environment, from: start, to: end }, cursor, PAGE);
    for (const r of page) addRow(p, current.basis, r, 1, current.categories);
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    cursor = { at: last.at, seq: last.seq };
  }
  await tx.profiles.save({ ...row!, rows: p.rows, data: profileToStored(p) }, now);
  await tx.profiles.removeOthers(versionId, environment, start, end, { hour: start, basis: current.basis.id });
}
