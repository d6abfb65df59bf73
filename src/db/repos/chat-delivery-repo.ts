import { and, eq, sql } from 'drizzle-orm';
import type { ChatDelivery, ChatDeliveryRepo, DeliveryTarget } from '../../ports/store.js';
import type { Db } from '../database.js';
import { chatDeliveries } from '../schema.js';

interface Row {
  id: number;
  kind: 'post' | 'update';
  platform: string;
  channel_id: string;
  thread_id: string | null;
  message_id: string | null;
  reply: Record<string, unknown>;
  revision: number;
  attempts: number;
  last_error: string | null;
  created_at: string | Date;
}

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

function toDelivery(r: Row): ChatDelivery {
  const at = { platform: r.platform, channelId: r.channel_id, threadId: r.thread_id };
  const target: DeliveryTarget = r.kind === 'update' ? { kind: 'update', ...at, messageId: r.message_id ?? '' } : { kind: 'post', ...at };
  return { id: Number(r.id), target, reply: r.reply, revision: Number(r.revision), attempts: Number(r.attempts), createdAt: new Date(r.created_at), lastError: r.last_error };
}

export function chatDeliveryRepo(db: Db): ChatDeliveryRepo {
  return {
    async keep(target, reply, at, nextAt, error) {
      const row = {
        kind: target.kind,
        platform: target.platform,
        channelId: target.channelId,
        threadId: target.threadId,
        messageId: target.kind === 'update' ? target.messageId : null,
        reply: reply as Record<string, unknown>,
        lastError: error,
        createdAt: at,
        nextAt,
      };
      if (target.kind === 'post') return void (await db.insert(chatDeliveries).values(row));
      // one waiting update per message: the newest content replaces it (a holder delivering the old one frees it, see delivered)
      await db
        .insert(chatDeliveries)
        .values(row)
        .onConflictDoUpdate({
          target: [chatDeliveries.platform, chatDeliveries.channelId, chatDeliveries.messageId],
          targetWhere: sql`kind = 'update'`,
          set: { reply: row.reply, lastError: error, revision: sql`${chatDeliveries.revision} + 1` },
        });
    },
    async waiting(target) {
      const same = target.kind === 'post'
        ? and(eq(chatDeliveries.kind, 'post'), eq(chatDeliveries.platform, target.platform), eq(chatDeliveries.channelId, target.channelId))
        : and(eq(chatDeliveries.kind, 'update'), eq(chatDeliveries.platform, target.platform), eq(chatDeliveries.channelId, target.channelId), eq(chatDeliveries.messageId, target.messageId));
      const [r] = await db.select({ id: chatDeliveries.id }).from(chatDeliveries).where(same).limit(1);
      return r !== undefined;
    },
    async claim(owner, now, until, limit) {
      // SKIP LOCKED: replicas take different rows; a channel's later posts wait for its oldest one
      const rows = await db.execute(sql`
        update ${chatDeliveries} set claimed_by = ${owner}, claimed_until = ${until.toISOString()}::timestamptz
        where id in (
          select d.id from ${chatDeliveries} d
          where d.next_at <= ${now.toISOString()}::timestamptz
            and (d.claimed_until is null or d.claimed_until < ${now.toISOString()}::timestamptz)
            and (d.kind = 'update' or not exists (
              select 1 from ${chatDeliveries} e where e.kind = 'post' and e.platform = d.platform and e.channel_id = d.channel_id and e.id < d.id))
          order by d.id limit ${limit} for update skip locked)
        returning id, kind, platform, channel_id, thread_id, message_id, reply, revision, attempts, last_error, created_at`);
      return rowsOf<Row>(rows).map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async delivered(id, owner, revision) {
      const gone = await db.delete(chatDeliveries).where(and(eq(chatDeliveries.id, id), eq(chatDeliveries.claimedBy, owner), eq(chatDeliveries.revision, revision))).returning({ id: chatDeliveries.id });
      if (!gone.length) await db.update(chatDeliveries).set({ claimedBy: null, claimedUntil: null }).where(and(eq(chatDeliveries.id, id), eq(chatDeliveries.claimedBy, owner)));
    },
    async later(id, owner, nextAt, error) {
      await db
        .update(chatDeliveries)
        .set({ attempts: sql`${chatDeliveries.attempts} + 1`, lastError: error, nextAt, claimedBy: null, claimedUntil: null })
        .where(and(eq(chatDeliveries.id, id), eq(chatDeliveries.claimedBy, owner)));
    },
    async drop(id, owner) {
      await db.delete(chatDeliveries).where(and(eq(chatDeliveries.id, id), eq(chatDeliveries.claimedBy, owner)));
    },
    async depth() {
      const [r] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${chatDeliveries.createdAt})::text` }).from(chatDeliveries);
      return { count: Number(r?.n ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null };
    },
  };
}
