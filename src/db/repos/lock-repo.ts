import { and, eq } from 'drizzle-orm';
import type { LockRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { environmentLocks } from '../schema.js';

type Row = typeof environmentLocks.$inferSelect;
const toLock = (r: Row) => ({ modelId: r.modelId, environment: r.environment, lockedBy: r.lockedBy, reason: r.reason, lockedAt: r.lockedAt });

export function lockRepo(db: Db): LockRepo {
  const where = (modelId: number, env: string) => and(eq(environmentLocks.modelId, modelId), eq(environmentLocks.environment, env));
  return {
    async lock(l) {
      const rows = await db.insert(environmentLocks).values(l).onConflictDoNothing().returning();
      return rows[0] ? toLock(rows[0]) : null;
    },
    async unlock(modelId, env) {
      const rows = await db.delete(environmentLocks).where(where(modelId, env)).returning();
      return rows[0] ? toLock(rows[0]) : null;
    },
    async get(modelId, env) {
      const rows = await db.select().from(environmentLocks).where(where(modelId, env));
      return rows[0] ? toLock(rows[0]) : null;
    },
  };
}
