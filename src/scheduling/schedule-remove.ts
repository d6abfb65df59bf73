import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { Schedule } from './domain/schedule.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

/** Remove a chat-created schedule (its run history goes with it), audited as schedule.removed. */
export async function removeSchedule(store: Store, clock: Clock, who: AuditWho, id: number, prefix = '/mlops'): Promise<Result<Schedule>> {
  const now = clock.now();
  return store.transaction(async (tx) => {
    const s = await tx.schedules.byId(id);
    if (!s) return err('not_found', `There is no schedule #${id}.`, { hint: `See \`${prefix} schedules\`.` });
    if (s.source === 'config') return err('conflict', `Schedule #${id} is declared in steward.yaml (${s.key?.replace(/^config:/, '')}); remove it there and restart Steward.`);
    if (!(await tx.schedules.remove(id))) return err('not_found', `There is no schedule #${id}.`);
    await tx.audit.append(auditInput(who, 'schedule.removed', `schedule:${id}`, { kind: s.kind, models: s.models, environment: s.environment, cron: s.cron, timezone: s.timezone, channel: `${s.channel.platform}:${s.channel.id}` }), now);
    return ok(s);
  });
}
