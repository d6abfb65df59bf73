import { and, asc, eq } from 'drizzle-orm';
import type { Platform } from '../../governance/domain/actor.js';
import type { NewSchedule, Schedule, ScheduleKind } from '../../scheduling/domain/schedule.js';
import type { ScheduleRepo } from '../../scheduling/domain/schedule-repo.js';
import type { Db } from '../database.js';
import { schedules } from '../schema.js';

type Row = typeof schedules.$inferSelect;

const toSchedule = (r: Row): Schedule => ({
  id: r.id,
  key: r.key,
  source: r.source as Schedule['source'],
  kind: r.kind as ScheduleKind,
  models: r.models,
  environment: r.environment,
  cron: r.cron,
  timezone: r.timezone,
  channel: { platform: r.platform as Platform, id: r.channelId },
  windowSeconds: r.windowSeconds,
  catchUpSeconds: r.catchUpSeconds,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const values = (n: NewSchedule) => ({
  key: n.key,
  source: n.source,
  kind: n.kind,
  models: [...n.models],
  environment: n.environment,
  cron: n.cron,
  timezone: n.timezone,
  platform: n.channel.platform,
  channelId: n.channel.id,
  windowSeconds: n.windowSeconds,
  catchUpSeconds: n.catchUpSeconds,
  createdBy: n.createdBy,
});

/** The fields a steward.yaml declaration controls: equal means nothing to update. */
const sameDeclaration = (a: Schedule, n: NewSchedule): boolean =>
  a.kind === n.kind &&
  a.models.join(',') === n.models.join(',') &&
  a.environment === n.environment &&
  a.cron === n.cron &&
  a.timezone === n.timezone &&
  a.channel.platform === n.channel.platform &&
  a.channel.id === n.channel.id &&
  a.windowSeconds === n.windowSeconds &&
  a.catchUpSeconds === n.catchUpSeconds;

export function scheduleRepo(db: Db): ScheduleRepo {
  return {
    async create(n) {
      const [row] = await db
        .insert(schedules)
        .values({ ...values(n), createdAt: n.at, updatedAt: n.at })
        .returning();
      return toSchedule(row!);
    },
    async upsertByKey(n) {
      const [existing] = await db.select().from(schedules).where(eq(schedules.key, n.key));
      if (existing) {
        const cur = toSchedule(existing);
        if (sameDeclaration(cur, n)) return { schedule: cur, change: 'unchanged' };
        // Conditional on the version read: when two replicas sync at once, only one reports the update.
        const [row] = await db
          .update(schedules)
          .set({ ...values(n), createdBy: existing.createdBy, updatedAt: n.at })
          .where(and(eq(schedules.id, existing.id), eq(schedules.updatedAt, existing.updatedAt)))
          .returning();
        if (row) return { schedule: toSchedule(row), change: 'updated' };
        const [again] = await db.select().from(schedules).where(eq(schedules.id, existing.id));
        return { schedule: toSchedule(again ?? existing), change: 'unchanged' };
      }
      const [row] = await db
        .insert(schedules)
        .values({ ...values(n), createdAt: n.at, updatedAt: n.at })
        .onConflictDoNothing()
        .returning();
      if (row) return { schedule: toSchedule(row), change: 'created' };
      // another replica inserted it a moment ago
      const [again] = await db.select().from(schedules).where(eq(schedules.key, n.key));
      return { schedule: toSchedule(again!), change: 'unchanged' };
    },
    async byId(id) {
      const [row] = await db.select().from(schedules).where(eq(schedules.id, id));
      return row ? toSchedule(row) : null;
    },
    async list() {
      return (await db.select().from(schedules).orderBy(asc(schedules.id))).map(toSchedule);
    },
    async remove(id) {
      const rows = await db.delete(schedules).where(eq(schedules.id, id)).returning({ id: schedules.id });
      return rows.length > 0;
    },
  };
}
