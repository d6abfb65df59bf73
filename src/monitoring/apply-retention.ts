import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { ok } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { auditInput, SYSTEM_WHO } from '../governance/audit-who.js';
import { DAY_MS, dayStart } from './domain/profile/profile-periods.js';

export interface RetentionResult {
  readonly rows: number;
  readonly profiles: number;
}

/**
 * monitoring.retention: logged rows older than `rows` days and profiles older than `profiles` days
 * (whole UTC days) are deleted in small batches, each its own short statement that skips rows
 * another transaction holds — so it never blocks ingestion or reports, and several replicas can
 * run it at once. At most `maxBatches` batches of each per call (the scheduler calls it every few
 * minutes); what it deleted is audited once per call as predictions.expired.
 */
export async function applyRetention(deps: { store: Store; clock: Clock; config: Pick<Config, 'monitoring'> }, o: { batch?: number; maxBatches?: number } = {}): Promise<RetentionResult> {
  const batch = o.batch ?? 5000;
  const maxBatches = o.maxBatches ?? 20;
  const now = deps.clock.now();
  const { retention } = deps.config.monitoring;
  const rowsBefore = new Date(dayStart(now).getTime() - retention.rows * DAY_MS);
  const profilesBefore = new Date(dayStart(now).getTime() - retention.profiles * DAY_MS);
  const drain = async (del: (before: Date, limit: number) => Promise<number>, before: Date): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await del(before, batch);
      total += n;
      if (n < batch) break;
    }
    return total;
  };
  const p = deps.store.read.profiles;
  const rows = await drain((b, l) => p.deleteRowsBefore(b, l), rowsBefore);
  const profiles = await drain((b, l) => p.deleteProfilesBefore(b, l), profilesBefore);
  if (rows || profiles) {
    await deps.store.transaction(async (tx) => {
      await tx.audit.append(auditInput(SYSTEM_WHO, 'predictions.expired', 'monitoring:retention', { rows, profiles, rowsBefore: rowsBefore.toISOString(), profilesBefore: profilesBefore.toISOString() }), now);
      return ok(undefined);
    });
  }
  return { rows, profiles };
}
