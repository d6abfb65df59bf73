import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { NewSchedule, Schedule } from './domain/schedule.js';
import type { Store } from '../ports/store.js';
import { checkTimezone, nextSlots, parseCron, shortestGapSeconds } from './domain/cron-slots.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

export type ScheduleInput = Omit<NewSchedule, 'at' | 'key' | 'source' | 'createdBy'>;

/** Schedules created from chat run at most this often; faster ones belong in steward.yaml. */
export const CHAT_MIN_GAP_SECONDS = 60;

/** Validate and store a chat-created schedule, audited as schedule.created. Returns it with its next slots. */
export async function createSchedule(store: Store, clock: Clock, who: AuditWho, input: ScheduleInput): Promise<Result<{ schedule: Schedule; next: Date[] }>> {
  const spec = parseCron(input.cron);
  if (!spec.ok) return spec;
  const tz = checkTimezone(input.timezone);
  if (!tz.ok) return tz;
  const now = clock.now();
  const gap = shortestGapSeconds(spec.value, tz.value, now);
  if (gap < CHAT_MIN_GAP_SECONDS) {
    return err('bad_input', `\`${input.cron}\` would post every ${gap} s; schedules from chat run at most once a minute. Declare faster ones in steward.yaml (schedules:).`);
  }
  const next = nextSlots(spec.value, tz.value, now, 3);
  if (!next.length) return err('bad_input', `\`${input.cron}\` never matches a date in the next five years; check the day and month fields.`);
  return store.transaction(async (tx) => {
    const schedule = await tx.schedules.create({ ...input, cron: spec.value.expr, timezone: tz.value, key: null, source: 'chat', createdBy: who.actor, at: now });
    await tx.audit.append(
      auditInput(who, 'schedule.created', `schedule:${schedule.id}`, {
        kind: schedule.kind,
        models: schedule.models,
        environment: schedule.environment,
        cron: schedule.cron,
        timezone: schedule.timezone,
        channel: `${schedule.channel.platform}:${schedule.channel.id}`,
        windowSeconds: schedule.windowSeconds,
        catchUpSeconds: schedule.catchUpSeconds,
      }),
      now,
    );
    return ok({ schedule, next });
  });
}
