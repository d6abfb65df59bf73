import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../governance/domain/actor.js';
import { SUBSCRIPTION_EVENTS, type Subscription, type SubscriptionEvent, type SubscriptionKey, type SubscriptionRepo } from '../../scheduling/domain/records.js';
import type { Db } from '../database.js';
import { subscriptions } from '../schema.js';

type Row = typeof subscriptions.$inferSelect;

const order = (events: readonly string[]): SubscriptionEvent[] =>
  SUBSCRIPTION_EVENTS.filter((e) => events.includes(e));

const toSub = (r: Row): Subscription => ({
  id: r.id,
  platform: r.platform as Platform,
  channelId: r.channelId,
  model: r.model,
  events: order(r.events),
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const hasEvent = (e: SubscriptionEvent): SQL => sql`${e} = any(${subscriptions.events})`;
const list = (values: readonly string[]): SQL => sql.join(values.map((v) => sql`${v}`), sql`, `);

export function subscriptionRepo(db: Db): SubscriptionRepo {
  const byKey = (k: SubscriptionKey) => and(eq(subscriptions.platform, k.platform), eq(subscriptions.channelId, k.channelId), eq(subscriptions.model, k.model));
  return {
    async get(k) {
      const [row] = await db.select().from(subscriptions).where(byKey(k));
      return row ? toSub(row) : null;
    },
    async addEvents(k, events, by, at) {
      // One statement: concurrent subscribes to the same channel and model merge instead of overwriting.
      const [row] = await db
        .insert(subscriptions)
        .values({ platform: k.platform, channelId: k.channelId, model: k.model, events: [...events], createdBy: by, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [subscriptions.platform, subscriptions.channelId, subscriptions.model],
          set: { events: sql`array(select distinct e from unnest("subscriptions"."events" || excluded.events) as e)`, updatedAt: at },
        })
        .returning();
      return toSub(row!);
    },
    async removeEvents(k, events, at) {
      if (events === null) {
        await db.delete(subscriptions).where(byKey(k));
        return null;
      }
      const [row] = await db
        .update(subscriptions)
        .set({ events: sql`array(select e from unnest(${subscriptions.events}) as e where e not in (${list(events)}))`, updatedAt: at })
        .where(byKey(k))
        .returning();
      if (!row) return null;
      if (row.events.length === 0) {
        await db.delete(subscriptions).where(and(byKey(k), sql`cardinality(${subscriptions.events}) = 0`));
        return null;
      }
      return toSub(row);
    },
    async matching(model, event) {
      const rows = await db
        .select()
        .from(subscriptions)
        .where(and(or(eq(subscriptions.model, model), eq(subscriptions.model, '*')), hasEvent(event)))
        .orderBy(asc(subscriptions.id));
      return rows.map(toSub);
    },
    async forChannel(platform, channelId) {
      const rows = await db
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.platform, platform), eq(subscriptions.channelId, channelId)))
        .orderBy(asc(subscriptions.model));
      return rows.map(toSub);
    },
    async withEvents(events) {
      if (!events.length) return [];
      const rows = await db
        .select()
        .from(subscriptions)
        .where(or(...events.map(hasEvent)))
        .orderBy(asc(subscriptions.id));
      return rows.map(toSub);
    },
  };
}
