import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Alert, AlertRepo, MonitorTier } from '../../scheduling/domain/records.js';
import type { Db } from '../database.js';
import { alertCooldowns, alerts } from '../schema.js';

type Row = typeof alerts.$inferSelect;

const toAlert = (r: Row): Alert => ({ ...r, kind: r.kind as Alert['kind'], tier: r.tier as MonitorTier });

export function alertRepo(db: Db): AlertRepo {
  return {
    async claimCooldown(dedupKey, now, cooldownSeconds) {
      const cutoff = new Date(now.getTime() - cooldownSeconds * 1000).toISOString();
      // Insert, or move last_sent_at forward only if the previous send is older than the cooldown.
      // Concurrent claimants serialize on the row: the second sees the first's last_sent_at.
      const won = await db
        .insert(alertCooldowns)
        .values({ dedupKey, lastSentAt: now, suppressed: 0 })
        .onConflictDoUpdate({ target: alertCooldowns.dedupKey, set: { lastSentAt: now, suppressed: 0 }, setWhere: sql`${alertCooldowns.lastSentAt} <= ${cutoff}::timestamptz` })
        .returning({ k: alertCooldowns.dedupKey });
      if (won.length) return true;
      await db
        .update(alertCooldowns)
        .set({ suppressed: sql`${alertCooldowns.suppressed} + 1` })
        .where(eq(alertCooldowns.dedupKey, dedupKey));
      return false;
    },
    async create(a) {
      const [row] = await db
        .insert(alerts)
        .values({ ...a, details: { ...a.details } })
        .returning();
      return toAlert(row!);
    },
    async byId(id) {
      const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
      return row ? toAlert(row) : null;
    },
    async acknowledge(id, by, at) {
      const [row] = await db
        .update(alerts)
        .set({ ackedBy: by, ackedAt: at })
        .where(and(eq(alerts.id, id), isNull(alerts.ackedAt)))
        .returning();
      return row ? toAlert(row) : null;
    },
    async recent(limit) {
      return (await db.select().from(alerts).orderBy(desc(alerts.id)).limit(limit)).map(toAlert);
    },
  };
}
