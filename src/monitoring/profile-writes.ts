import type { Repos } from '../ports/store.js';
import type { LabelTarget, ProfileKey, ProfileRow, ProfileSource, Scalar } from './domain/monitoring-store.js';
import { addLabel, addRow, emptyProfile, mergeProfile, type PredictionProfile, type ProfiledRow } from './domain/profile/prediction-profile.js';
import { profileFromJson, profileToStored, type StoredProfileJson } from './domain/profile/profile-json.js';
import type { CurrentBasis } from './profile-basis-source.js';

/**
 * Writing profiles: a batch's rows are first summed per hour in memory (`HourDeltas`), then each
 * hour's stored profile is locked, merged with its delta and saved — inside the batch's
 * transaction, so a rejected batch changes no profile and two writers into the same hour add up.
 */

export { HOUR_MS, hourStart } from './domain/profile/profile-periods.js';
import { dayStart, HOUR_MS, periodOf } from './domain/profile/profile-periods.js';

/**
 * Deltas per profile period. Without `now`, per UTC hour. With `now`, per period as of now: the
 * hour, or — for a time in a day already due to be folded (more than HOURLY_DAYS behind) — the
 * day, keyed by its start, which is where folding puts it anyway. So a batch of late rows (a
 * backfill of last month) writes one profile per day, not one per hour that upkeep then folds;
 * reports are the same either way, since a window reaching such a day starts at the day's start.
 */
export class HourDeltas {
  readonly byHour = new Map<number, PredictionProfile>();
  constructor(
    private readonly current: CurrentBasis,
    private readonly now?: Date,
  ) {}

  private at(at: Date): PredictionProfile {
    const h = this.now ? periodOf(at, this.now).start.getTime() : Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    let p = this.byHour.get(h);
    if (!p) this.byHour.set(h, (p = emptyProfile(this.current.basis)));
    return p;
  }

  add(at: Date, row: ProfiledRow, sign: 1 | -1 = 1): void {
    addRow(this.at(at), this.current.basis, row, sign, this.current.categories);
  }

  addLabelOnly(at: Date, row: ProfiledRow, sign: 1 | -1): void {
    addLabel(this.at(at), this.current.basis, row, sign);
  }
}

/** The stored JSON of a profile row as a profile (rows written by this code: no need to validate again). */
export function readProfile(data: unknown, current: CurrentBasis): PredictionProfile {
  const r = profileFromJson(data as StoredProfileJson, current.basis);
  if (!r.ok) throw new Error(`stored profile does not fit its basis: ${r.problem}`);
  return r.value;
}

/**
 * Adds each hour's delta into the version's stored profile of that hour from `source` ('rows':
 * logged rows; 'upload': profiles sent by clients). `onlyExisting`: leave hours that have no
 * profile on this basis alone (a label for a row whose hour is still on an older basis: the
 * rebuild from the rows will count it).
 */
export async function applyDeltas(tx: Repos, modelId: number, versionId: number, environment: string, current: CurrentBasis, deltas: HourDeltas, now: Date, onlyExisting = false, source: ProfileSource = 'rows'): Promise<void> {
  if (!deltas.byHour.size) return;
  let hours = [...deltas.byHour.keys()].sort((a, b) => a - b);
  if (onlyExisting) {
    const have = await tx.profiles.window({ versionId, environment, from: dayStart(new Date(hours[0]!)), to: new Date(hours[hours.length - 1]! + HOUR_MS) });
    const keep = new Set(have.filter((r) => r.basis === current.basis.id && r.source === source).map((r) => r.hour.getTime()));
    // a delta goes to the profile that holds its rows: its hour's, or else its day's (where folding,
    // or logging late rows, put them; a day's row is keyed by its first hour, so the two never
    // coexist). Which one does not depend on `now`: a day due to be folded may not be yet.
    const moved = new HourDeltas(current);
    for (const h of hours) {
      const day = dayStart(new Date(h)).getTime();
      const into = keep.has(h) ? h : keep.has(day) ? day : null;
      if (into === null) continue;
      const have = moved.byHour.get(into);
      if (have) mergeProfile(have, deltas.byHour.get(h)!, current.categories);
      else moved.byHour.set(into, deltas.byHour.get(h)!);
    }
    deltas = moved;
    hours = [...deltas.byHour.keys()].sort((a, b) => a - b);
    if (!hours.length) return;
  }
  const keys: ProfileKey[] = hours.map((h) => ({ versionId, environment, hour: new Date(h), basis: current.basis.id, source }));
  const rows = await tx.profiles.lock(modelId, keys, profileToStored(emptyProfile(current.basis)), now);
  const saved: ProfileRow[] = [];
  for (const row of rows) {
    const stored = readProfile(row.data, current);
    const delta = deltas.byHour.get(row.hour.getTime())!;
    mergeProfile(stored, delta, current.categories);
    saved.push({ ...row, rows: stored.rows, data: profileToStored(stored) });
  }
  await tx.profiles.saveMany(saved, now);
}

/** Profile deltas for relabelling logged rows: their old label's part out, the new one's in. */
export function labelDeltas(targets: readonly LabelTarget[], labels: ReadonlyMap<string, Scalar>, basisOf: (versionId: number) => CurrentBasis, labeledAt: Date): Map<string, { versionId: number; environment: string; deltas: HourDeltas }> {
  const out = new Map<string, { versionId: number; environment: string; deltas: HourDeltas }>();
  for (const t of targets) {
    const key = `${t.versionId}\u0000${t.environment}`;
    let d = out.get(key);
    if (!d) out.set(key, (d = { versionId: t.versionId, environment: t.environment, deltas: new HourDeltas(basisOf(t.versionId)) }));
    const row = { features: {}, prediction: t.prediction, score: t.score, sensitive: t.sensitive, at: t.at };
    d.deltas.addLabelOnly(t.at, { ...row, label: t.label, labeledAt: t.labeledAt }, -1);
    d.deltas.addLabelOnly(t.at, { ...row, label: labels.get(t.predictionId), labeledAt }, 1);
  }
  return out;
}
