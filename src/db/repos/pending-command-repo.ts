import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Platform } from '../../governance/domain/actor.js';
import type { Risk } from '../../governance/domain/access.js';
import type { PendingCommand, PendingCommandRepo, PendingOutcome } from '../../llm/domain/pending-command.js';
import type { Db } from '../database.js';
import { pendingCommands } from '../schema.js';

type Row = typeof pendingCommands.$inferSelect;

const toPending = (r: Row): PendingCommand => ({
  id: r.id,
  actor: r.actor,
  platform: r.platform as Platform,
  channelId: r.channelId,
  threadId: r.threadId,
  command: r.command,
  verb: r.verb,
  risk: r.risk as Risk,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  consumedAt: r.consumedAt,
  outcome: r.outcome as PendingOutcome | null,
});

export function pendingCommandRepo(db: Db): PendingCommandRepo {
  return {
    async create(p) {
      const [row] = await db.insert(pendingCommands).values({ ...p, threadId: p.threadId ?? null }).returning();
      return toPending(row!);
    },
    async byId(id) {
      const rows = await db.select().from(pendingCommands).where(eq(pendingCommands.id, id));
      return rows[0] ? toPending(rows[0]) : null;
    },
    async byIdForUpdate(id) {
      const rows = await db.select().from(pendingCommands).where(eq(pendingCommands.id, id)).for('update');
      return rows[0] ? toPending(rows[0]) : null;
    },
    async consume(id, at, outcome) {
      const rows = await db
        .update(pendingCommands)
        .set({ consumedAt: at, outcome })
        .where(and(eq(pendingCommands.id, id), isNull(pendingCommands.consumedAt)))
        .returning({ id: pendingCommands.id });
      return rows.length === 1;
    },
    async purgeExpired(before) {
      const rows = await db.delete(pendingCommands).where(lt(pendingCommands.expiresAt, before)).returning({ id: pendingCommands.id });
      return rows.length;
    },
  };
}
