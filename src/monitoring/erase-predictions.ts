import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { err, ok, type Result } from '../core/result.js';
import { didYouMean } from '../core/suggest.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { unstorableProblem } from './domain/prediction-input.js';
import { periodOf } from './domain/profile/profile-periods.js';
import { currentBasis } from './profile-basis-source.js';
import { rebuildPeriod } from './rebuild-profiles.js';

export interface ErasePredictionsInput {
  readonly model: string;
  /** prediction ids */
  readonly ids?: readonly string[];
  /** every prediction logged with this subject (a person's key) */
  readonly subject?: string;
}

export interface ErasePredictionsOutput {
  readonly model: string;
  readonly erased: number;
  /** ids asked for that are not logged (never were, or already past retention); 0 for a subject */
  readonly notFound: number;
}

const MAX_IDS = 100_000;

/**
 * Erase predictions (a person's, say): their rows are deleted and every profile period that held
 * them is rebuilt from the rows that remain, in one transaction with its audit event — so every
 * report afterwards equals one computed as if they had never been logged. The audit event says
 * how many, never which.
 */
export async function erasePredictions(deps: { store: Store; clock: Clock; config: Config }, who: AuditWho, input: ErasePredictionsInput): Promise<Result<ErasePredictionsOutput>> {
  const bad = unstorableProblem('model', input.model);
  if (bad !== null) return err('bad_input', bad);
  const ids = [...new Set(input.ids ?? [])];
  const subject = input.subject;
  if (!ids.length === (subject === undefined)) return err('bad_input', 'Give either the prediction ids to erase (--id ID, comma-separated or repeated) or a subject (--subject KEY), not both.');
  if (ids.length > MAX_IDS) return err('bad_input', `${ids.length} ids at once; erase at most ${MAX_IDS} per call.`);
  for (const [field, v] of [...ids.map((id) => ['id', id] as const), ...(subject !== undefined ? [['subject', subject] as const] : [])]) {
    const p = unstorableProblem(field, v);
    if (p !== null) return err('bad_input', p);
  }
  if (subject !== undefined && (subject.length < 1 || subject.length > 200)) return err('bad_input', 'subject: must be 1–200 characters');
  return deps.store.transaction(async (tx) => {
    const model = await tx.models.byName(input.model);
    if (!model) return err('not_found', `There is no model \`${input.model}\`.${didYouMean(input.model, await tx.models.names())}`);
    const now = deps.clock.now();
    const gone = await tx.profiles.eraseRows(model.id, subject !== undefined ? { subject } : { ids });
    const periods = new Map<string, { versionId: number; environment: string; start: Date; ms: number }>();
    for (const g of gone) {
      const p = periodOf(g.at, now);
      periods.set(`${g.versionId}\u0000${g.environment}\u0000${p.start.getTime()}`, { versionId: g.versionId, environment: g.environment, ...p });
    }
    const sorted = [...periods.values()].sort((a, b) => a.versionId - b.versionId || (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0) || a.start.getTime() - b.start.getTime());
    for (const p of sorted) {
      const current = await currentBasis(tx, deps.config, model.name, p.versionId);
      await rebuildPeriod(tx, model.id, p.versionId, p.environment, p, current, now);
    }
    await tx.audit.append(auditInput(who, 'predictions.erased', `model:${model.name}`, { erased: gone.length, by: subject !== undefined ? 'subject' : 'ids', ...(subject === undefined ? { asked: ids.length } : {}), periodsRebuilt: periods.size }), now);
    return ok({ model: model.name, erased: gone.length, notFound: subject !== undefined ? 0 : ids.length - gone.length });
  });
}
