import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { RunRecord } from './domain/records.js';
import { manualJob, type Schedule } from './domain/schedule.js';
import type { Store } from '../ports/store.js';

/**
 * Ask for a run of a schedule now: a queued row in the run ledger that the next scheduler pass of any
 * running Steward process claims (so it works from the CLI too, which posts nowhere itself).
 */
export async function enqueueScheduleRun(store: Store, clock: Clock, actor: string, id: number, prefix = '/mlops'): Promise<Result<{ schedule: Schedule; run: RunRecord }>> {
  const s = await store.read.schedules.byId(id);
  if (!s) return err('not_found', `There is no schedule #${id}.`, { hint: `See \`${prefix} schedules\`.` });
  const now = clock.now();
  const run = await store.read.runs.enqueue({ job: manualJob(id), scheduleId: id, slotAt: now, requestedBy: actor, now });
  if (!run) return err('conflict', `A run of schedule #${id} was requested at this very moment; wait for it.`);
  return ok({ schedule: s, run });
}
