import { eq, gte, lt } from 'drizzle-orm';
import type { InstanceRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { stewardInstances } from '../schema.js';

export function instanceRepo(db: Db): InstanceRepo {
  return {
    async beat(i, at) {
      await db
        .insert(stewardInstances)
        .values({ id: i.id, host: i.host, pid: i.pid, startedAt: i.startedAt, seenAt: at })
        .onConflictDoUpdate({ target: stewardInstances.id, set: { seenAt: at } });
    },
    async remove(id) {
      await db.delete(stewardInstances).where(eq(stewardInstances.id, id));
    },
    async seenSince(since) {
      return db.select().from(stewardInstances).where(gte(stewardInstances.seenAt, since)).orderBy(stewardInstances.startedAt);
    },
    async prune(before) {
      const gone = await db.delete(stewardInstances).where(lt(stewardInstances.seenAt, before)).returning({ id: stewardInstances.id });
      return gone.length;
    },
  };
}
