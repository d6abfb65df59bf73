import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import type { EnvironmentLock } from './domain/deployment.js';
import { shortName } from '../governance/domain/actor.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

/** Freeze a model in an environment by hand (who and why are shown in status), or lift the freeze. */
export async function setLock(deps: { readonly store: Store; readonly clock: Clock }, who: AuditWho, input: { model: string; environment: string; lock: boolean; reason?: string }): Promise<Result<EnvironmentLock>> {
  const now = deps.clock.now();
  return deps.store.transaction<EnvironmentLock>(async (tx) => {
    const m = await tx.models.byNameForUpdate(input.model);
    if (!m) return err('not_found', `There is no model \`${input.model}\`.`);
    if (input.lock) {
      const l = await tx.locks.lock({ modelId: m.id, environment: input.environment, lockedBy: who.actor, reason: input.reason ?? '', lockedAt: now });
      if (!l) {
        const cur = (await tx.locks.get(m.id, input.environment))!;
        return err('conflict', `${m.name} in ${input.environment} is already locked by @${shortName(cur.lockedBy)} since ${cur.lockedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cur.reason}`);
      }
      await tx.audit.append(auditInput(who, 'lock.acquired', `model:${m.name}`, { environment: input.environment, reason: input.reason ?? '' }), now);
      return ok(l);
    }
    const l = await tx.locks.unlock(m.id, input.environment);
    if (!l) return err('conflict', `${m.name} in ${input.environment} is not locked.`);
    await tx.audit.append(auditInput(who, 'lock.released', `model:${m.name}`, { environment: input.environment, lockedBy: l.lockedBy, reason: l.reason }), now);
    return ok(l);
  });
}
