import type { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { mergeProfile } from './domain/profile/prediction-profile.js';
import { profileProblem } from './domain/profile/profile-consistency.js';
import { profileFromJson, type ProfileJson, profileJsonSchema } from './domain/profile/profile-json.js';
import { checkEnvironment, type IngestDeps, resolveVersion } from './log-predictions.js';
import { currentBasis } from './profile-basis-source.js';
import { applyDeltas, HOUR_MS, HourDeltas, hourStart } from './profile-writes.js';
import { periodOf } from './domain/profile/profile-periods.js';

/**
 * Profiles built where the data lives (`steward log-profile`, or any client that bins on the
 * version's basis, GET …/profile-basis) are added into the version's 'upload' profiles of their
 * hours: all of a request's profiles in one transaction with one audit event
 * (`profile.uploaded`), or none. A profile is refused, changing nothing, when it was built on
 * another basis (the reference or the label encoding changed since), does not fit the basis's
 * bins, or cannot be the profile of any rows (domain/profile/profile-consistency.ts).
 */

export interface ProfileUpload {
  /** how the upload is named in messages, e.g. "profiles[2]" */
  readonly where: string;
  /** the start of a UTC hour: a Date, or ISO 8601 text with a zone; undefined: the hour it is received in */
  readonly hour: unknown;
  /** a profile in its JSON form, "steward.profile/1" */
  readonly profile: unknown;
}

export interface UploadProfilesInput {
  readonly model: string;
  readonly version: number;
  readonly environment: string;
}

export interface UploadProfilesOutput {
  readonly model: string;
  readonly version: number;
  readonly environment: string;
  /** rows profiled, all hours together */
  readonly rows: number;
  /** the profile periods added to, ISO, ascending: hours, or days already due to be folded */
  readonly hours: readonly string[];
}

/** Profiles in one request at most (one per hour; 1,000 hours is six weeks). */
export const MAX_UPLOAD_HOURS = 1000;

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** 0001-01-01T00:00Z … 9999-12-31T23:00Z, as timestamptz takes them */
const EARLIEST_MS = -62_135_596_800_000;
const LATEST_MS = 253_402_297_200_000;

/** The start of a UTC hour, from a Date or ISO text with a zone; one line naming `where` otherwise. */
export function parseHour(raw: unknown, where: string): { ok: true; value: Date } | { ok: false; problem: string } {
  const shown = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 40)) : raw instanceof Date ? raw.toISOString() : typeof raw;
  const d = raw instanceof Date ? raw : typeof raw === 'string' && ISO_RE.test(raw) ? new Date(raw) : null;
  const ms = d?.getTime() ?? Number.NaN;
  if (Number.isNaN(ms)) return { ok: false, problem: `${where}: must be the start of a UTC hour in ISO 8601 with a zone, e.g. 2026-11-27T13:00:00Z (got ${shown})` };
  if (ms % HOUR_MS !== 0) return { ok: false, problem: `${where}: must be the start of a UTC hour, e.g. ${hourStart(new Date(ms)).toISOString()} (got ${shown}); a profile covers one whole hour` };
  if (ms < EARLIEST_MS || ms > LATEST_MS) return { ok: false, problem: `${where}: must be in the years 0001–9999 (UTC) (got ${shown})` };
  return { ok: true, value: new Date(ms) };
}

/** A zod problem as one line: the path of the first issue and what is wrong there. */
function schemaLine(e: z.ZodError, where: string): string {
  const issue = e.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${where}${path}: ${issue.message}`;
}

const nothing = 'nothing was uploaded.';

export async function uploadProfiles(deps: IngestDeps, who: AuditWho, input: UploadProfilesInput, uploads: readonly ProfileUpload[]): Promise<Result<UploadProfilesOutput>> {
  const env = checkEnvironment(deps.config, input.environment);
  if (!env.ok) return env;
  if (uploads.length === 0) return err('bad_input', 'There is no profile to upload; send at least one.');
  if (uploads.length > MAX_UPLOAD_HOURS) return err('bad_input', `A request holds at most ${MAX_UPLOAD_HOURS} profiles; this one has ${uploads.length}: split it.`);
  const now = deps.clock.now();
  const parsed: { where: string; hour: Date; json: ProfileJson }[] = [];
  for (const u of uploads) {
    const hour = u.hour === undefined ? { ok: true as const, value: hourStart(now) } : parseHour(u.hour, `${u.where}.hour`);
    if (!hour.ok) return err('bad_input', `${hour.problem}; ${nothing}`);
    if (u.profile === undefined) return err('bad_input', `${u.where}.profile: missing; send a profile in the steward.profile/1 format; ${nothing}`);
    const s = profileJsonSchema.safeParse(u.profile);
    if (!s.success) return err('bad_input', `${schemaLine(s.error, `${u.where}.profile`)}; ${nothing}`);
    parsed.push({ where: `${u.where}.profile`, hour: hour.value, json: s.data });
  }
  return deps.store.transaction(async (tx) => {
    const target = await resolveVersion(tx, input.model, input.version);
    if (!target.ok) return target;
    const { model, version } = target.value;
    const current = await currentBasis(tx, deps.config, model.name, version.id);
    const deltas = new HourDeltas(current);
    let rows = 0;
    for (const p of parsed) {
      if (p.json.basis !== current.basis.id) {
        return err('conflict', `${p.where}.basis: the reference changed since this profile was built: fetch the basis again (GET /api/v1/models/${model.name}/versions/${version.version}/profile-basis) and rebuild the profile; ${nothing}`);
      }
      const problem = profileProblem(p.json, current.basis, p.where);
      if (problem !== null) return err('bad_input', `${problem}; ${nothing}`);
      const profile = profileFromJson(p.json, current.basis);
      if (!profile.ok) return err('bad_input', `${p.where}: ${profile.problem}; ${nothing}`);
      // like logged rows: an hour of a day due to be folded goes to the day's profile
      const h = periodOf(p.hour, now).start.getTime();
      const have = deltas.byHour.get(h);
      if (have) mergeProfile(have, profile.value, current.categories);
      else deltas.byHour.set(h, profile.value);
      rows += profile.value.rows;
    }
    await applyDeltas(tx, model.id, version.id, input.environment, current, deltas, now, false, 'upload');
    const hours = [...deltas.byHour.keys()].sort((a, b) => a - b).map((h) => new Date(h).toISOString());
    await tx.audit.append(auditInput(who, 'profile.uploaded', `model:${model.name}`, { version: version.version, environment: input.environment, count: rows, hours: hours.length, from: hours[0], to: hours[hours.length - 1] }), now);
    return ok({ model: model.name, version: version.version, environment: input.environment, rows, hours });
  });
}
