import type { Clock } from '../core/clock.js';
import { ok, type Result } from '../core/result.js';
import type { Schedule } from './domain/schedule.js';
import type { Store } from '../ports/store.js';
import type { ScheduleDecl } from '../config/scheduling-config.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

export const CONFIG_WHO: AuditWho = { actor: 'config:steward.yaml', platform: 'config', channel: null };
export const configKey = (name: string) => `config:${name}`;

/**
 * Make the stored schedules match steward.yaml: upsert each declared schedule by its stable key
 * (config:<name>), remove config schedules no longer declared. Idempotent: a second run, or another
 * replica starting at the same time, changes nothing and audits nothing.
 */
export async function syncConfigSchedules(store: Store, clock: Clock, decls: readonly ScheduleDecl[]): Promise<Result<{ created: number; updated: number; removed: number; schedules: Schedule[] }>> {
  const now = clock.now();
  return store.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    let removed = 0;
    const out: Schedule[] = [];
    for (const d of decls) {
      const { name, ...rest } = d;
      const r = await tx.schedules.upsertByKey({ ...rest, key: configKey(name), source: 'config', createdBy: CONFIG_WHO.actor, at: now });
      out.push(r.schedule);
      if (r.change === 'unchanged') continue;
      if (r.change === 'created') created++;
      else updated++;
      await tx.audit.append(
        auditInput(CONFIG_WHO, r.change === 'created' ? 'schedule.created' : 'schedule.updated', `schedule:${r.schedule.id}`, {
          name,
          kind: d.kind,
          models: d.models,
          environment: d.environment,
          cron: d.cron,
          timezone: d.timezone,
          channel: `${d.channel.platform}:${d.channel.id}`,
          windowSeconds: d.windowSeconds,
          catchUpSeconds: d.catchUpSeconds,
        }),
        now,
      );
    }
    const keep = new Set(decls.map((d) => configKey(d.name)));
    for (const s of await tx.schedules.list()) {
      if (s.source !== 'config' || (s.key && keep.has(s.key))) continue;
      if (!(await tx.schedules.remove(s.id))) continue;
      removed++;
      await tx.audit.append(auditInput(CONFIG_WHO, 'schedule.removed', `schedule:${s.id}`, { name: s.key?.replace(/^config:/, ''), reason: 'no longer in steward.yaml' }), now);
    }
    return ok({ created, updated, removed, schedules: out });
  });
}
