import type { Store } from '../../ports/store.js';
import type { TrainingExecutor } from '../domain/pipeline.js';

/**
 * At start: retrains approved while no Steward ran (a one-shot process's outbox normally brings
 * them; this catches any left `requested`) go to the runner. Returns how many were submitted.
 */
export async function resumeRequestedRuns(store: Pick<Store, 'read'>, runner: TrainingExecutor): Promise<number> {
  const waiting = (await store.read.trainingRuns.open()).filter((r) => r.status === 'requested');
  for (const r of waiting) await runner.submit(r.id);
  return waiting.length;
}
