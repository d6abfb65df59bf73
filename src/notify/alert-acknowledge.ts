import type { Clock } from '../core/clock.js';
import { shortName } from '../governance/domain/actor.js';
import type { Alert } from '../scheduling/domain/records.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { fmtTime } from '../core/format.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

/** Record who took an alert (once), audited as alert.acknowledged in the same transaction. */
export async function acknowledgeAlert(store: Store, clock: Clock, who: AuditWho, id: number): Promise<Result<Alert>> {
  const now = clock.now();
  return store.transaction(async (tx) => {
    const a = await tx.alerts.acknowledge(id, who.actor, now);
    if (!a) {
      const cur = await tx.alerts.byId(id);
      if (!cur) return err('not_found', `There is no alert #${id}.`);
      return err('conflict', `Alert #${id} was already acknowledged by ${shortName(cur.ackedBy ?? '')} at ${fmtTime(cur.ackedAt)}.`);
    }
    await tx.audit.append(auditInput(who, 'alert.acknowledged', `model:${a.model}`, { alert: a.id, kind: a.kind, environment: a.environment, feature: a.feature, tier: a.tier }), now);
    tx.emit({ type: 'alert.acknowledged', alertId: a.id, model: a.model, actor: who.actor });
    return ok(a);
  });
}
