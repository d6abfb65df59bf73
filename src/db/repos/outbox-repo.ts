import { and, eq, sql } from 'drizzle-orm';
import type { OutboxRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { eventOutbox } from '../schema.js';

export function outboxRepo(db: Db): OutboxRepo {
  return {
    async enqueue(event, at) {
      await db.insert(eventOutbox).values({ event: event as unknown as Record<string, unknown>, createdAt: at });
    },
    async claim(owner, now, until, limit) {
      // SKIP LOCKED: replicas draining at the same moment take different rows
      const rows = await db.execute<{ id: number; event: Record<string, unknown>; created_at: string | Date }>(sql`
        update ${eventOutbox} set claimed_by = ${owner}, claimed_until = ${until.toISOString()}::timestamptz
        where id in (
          select id from ${eventOutbox}
          where claimed_until is null or claimed_until < ${now.toISOString()}::timestamptz
          order by id limit ${limit} for update skip locked)
        returning id, event, created_at`);
      const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: number; event: Record<string, unknown>; created_at: string | Date }[];
      return list.map((r) => ({ id: Number(r.id), event: r.event, createdAt: new Date(r.created_at) })).sort((a, b) => a.id - b.id);
    },
    async remove(id, owner) {
      await db.delete(eventOutbox).where(and(eq(eventOutbox.id, id), eq(eventOutbox.claimedBy, owner)));
    },
    async depth() {
      const [r] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${eventOutbox.createdAt})::text` }).from(eventOutbox);
      return { count: Number(r?.n ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null };
    },
  };
}
