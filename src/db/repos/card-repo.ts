import { and, asc, eq } from 'drizzle-orm';
import type { Platform } from '../../governance/domain/actor.js';
import type { CardRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { cardMessages } from '../schema.js';

export function cardRepo(db: Db): CardRepo {
  return {
    async track(kind, id, msg, at) {
      await db
        .insert(cardMessages)
        .values({ cardKind: kind, cardId: id, platform: msg.platform, channelId: msg.channelId, messageId: msg.messageId, threadId: msg.threadId ?? null, createdAt: at })
        .onConflictDoNothing();
    },
    async messages(kind, id) {
      const rows = await db
        .select()
        .from(cardMessages)
        .where(and(eq(cardMessages.cardKind, kind), eq(cardMessages.cardId, id)))
        .orderBy(asc(cardMessages.id));
      return rows.map((r) => ({ platform: r.platform as Platform, channelId: r.channelId, messageId: r.messageId, ...(r.threadId ? { threadId: r.threadId } : {}) }));
    },
  };
}
