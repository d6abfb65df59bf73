import { lt } from 'drizzle-orm';
import type { InboundRequestRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { inboundRequests } from '../schema.js';

/** Every this many sightings, the expired keys are deleted (a few a second at most: cheap). */
const PRUNE_EVERY = 100;

export function inboundRequestRepo(db: Db): InboundRequestRepo {
  let sightings = 0;
  return {
    async first(key, now, until) {
      // a key whose earlier sighting expired counts as new (and is remembered again)
      const r = await db
        .insert(inboundRequests)
        .values({ key, expiresAt: until })
        .onConflictDoUpdate({ target: inboundRequests.key, set: { expiresAt: until }, setWhere: lt(inboundRequests.expiresAt, now) })
        .returning({ key: inboundRequests.key });
      if (++sightings % PRUNE_EVERY === 0) await db.delete(inboundRequests).where(lt(inboundRequests.expiresAt, now));
      return r.length === 1;
    },
  };
}
