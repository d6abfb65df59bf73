import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Platform } from '../../governance/domain/actor.js';
import type { RunLedgerRepo, RunRecord, RunResult, RunState } from '../../scheduling/domain/records.js';
import type { CardMessage } from '../../ports/store.js';
import type { Db } from '../database.js';
import { scheduleRuns } from '../schema.js';

type Row = typeof scheduleRuns.$inferSelect;

const toRun = (r: Row): RunRecord => ({
  id: r.id,
  job: r.job,
  scheduleId: r.scheduleId,
  slotAt: r.slotAt,
  state: r.state as RunState,
  claimedBy: r.claimedBy,
  leaseUntil: r.leaseUntil,
  attempts: r.attempts,
  requestedBy: r.requestedBy,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  postingAt: r.postingAt,
  message: r.message ? ({ ...r.message, platform: r.message.platform as Platform } as CardMessage) : null,
  result: (r.result as RunResult | null) ?? null,
  error: r.error,
});

/**
 * The run ledger on PostgreSQL/PGlite. A claim is one statement: INSERT … ON CONFLICT DO NOTHING on
 * the unique (job, slot_at), or an UPDATE … WHERE the row is queued or its lease has ended; under
 * concurrency PostgreSQL re-checks the WHERE after the row lock, so exactly one claimant wins.
 */
export function runLedgerRepo(db: Db): RunLedgerRepo {
  const fenced = (id: number, by: string) => and(eq(scheduleRuns.id, id), eq(scheduleRuns.claimedBy, by), eq(scheduleRuns.state, 'running'));
  return {
    async claimNew(c) {
      const rows = await db
        .insert(scheduleRuns)
        .values({ job: c.job, scheduleId: c.scheduleId, slotAt: c.slotAt, state: 'running', claimedBy: c.by, leaseUntil: c.leaseUntil, attempts: 1, createdAt: c.now, startedAt: c.now })
        .onConflictDoNothing({ target: [scheduleRuns.job, scheduleRuns.slotAt] })
        .returning();
      return rows[0] ? toRun(rows[0]) : null;
    },
    async takeOver(c) {
      const rows = await db
        .update(scheduleRuns)
        .set({ state: 'running', claimedBy: c.by, leaseUntil: c.leaseUntil, attempts: sql`${scheduleRuns.attempts} + 1`, startedAt: c.now })
        .where(
          and(
            eq(scheduleRuns.job, c.job),
            eq(scheduleRuns.slotAt, c.slotAt),
            or(eq(scheduleRuns.state, 'queued'), and(eq(scheduleRuns.state, 'running'), lt(scheduleRuns.leaseUntil, c.now))),
          ),
        )
        .returning();
      return rows[0] ? toRun(rows[0]) : null;
    },
    async enqueue(c) {
      const rows = await db
        .insert(scheduleRuns)
        .values({ job: c.job, scheduleId: c.scheduleId, slotAt: c.slotAt, state: 'queued', requestedBy: c.requestedBy, attempts: 0, createdAt: c.now })
        .onConflictDoNothing({ target: [scheduleRuns.job, scheduleRuns.slotAt] })
        .returning();
      return rows[0] ? toRun(rows[0]) : null;
    },
    async claimable(now, since) {
      const rows = await db
        .select()
        .from(scheduleRuns)
        .where(
          and(
            inArray(scheduleRuns.state, ['queued', 'running']),
            gte(scheduleRuns.slotAt, since),
            or(eq(scheduleRuns.state, 'queued'), lt(scheduleRuns.leaseUntil, now)),
          ),
        )
        .orderBy(asc(scheduleRuns.slotAt))
        .limit(100);
      return rows.map(toRun);
    },
    async renew(id, by, leaseUntil) {
      const rows = await db.update(scheduleRuns).set({ leaseUntil }).where(fenced(id, by)).returning({ id: scheduleRuns.id });
      return rows.length > 0;
    },
    async markPosting(id, by, at) {
      const rows = await db.update(scheduleRuns).set({ postingAt: at }).where(fenced(id, by)).returning({ id: scheduleRuns.id });
      return rows.length > 0;
    },
    async recordMessage(id, by, message) {
      const rows = await db.update(scheduleRuns).set({ message: { ...message } }).where(fenced(id, by)).returning({ id: scheduleRuns.id });
      return rows.length > 0;
    },
    async finish(id, by, f) {
      const rows = await db
        .update(scheduleRuns)
        .set({
          state: f.state,
          finishedAt: f.at,
          leaseUntil: null,
          ...(f.message !== undefined ? { message: f.message ? { ...f.message } : null } : {}),
          ...(f.result !== undefined ? { result: f.result as unknown as Record<string, unknown> | null } : {}),
          ...(f.error !== undefined ? { error: f.error } : {}),
        })
        .where(fenced(id, by))
        .returning({ id: scheduleRuns.id });
      return rows.length > 0;
    },
    async byId(id) {
      const [row] = await db.select().from(scheduleRuns).where(eq(scheduleRuns.id, id));
      return row ? toRun(row) : null;
    },
    async get(job, slotAt) {
      const [row] = await db
        .select()
        .from(scheduleRuns)
        .where(and(eq(scheduleRuns.job, job), eq(scheduleRuns.slotAt, slotAt)));
      return row ? toRun(row) : null;
    },
    async recent(job, limit) {
      const rows = await db.select().from(scheduleRuns).where(eq(scheduleRuns.job, job)).orderBy(desc(scheduleRuns.slotAt)).limit(limit);
      return rows.map(toRun);
    },
    async prune(before) {
      const rows = await db
        .delete(scheduleRuns)
        .where(and(inArray(scheduleRuns.state, ['done', 'failed']), lt(scheduleRuns.slotAt, before)))
        .returning({ id: scheduleRuns.id });
      return rows.length;
    },
  };
}
