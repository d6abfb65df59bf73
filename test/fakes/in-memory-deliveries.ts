import type { ChatDelivery, ChatDeliveryRepo, DeliveryTarget } from '../../src/ports/store.js';

/** The chat_deliveries table in the InMemoryStore (snapshotted with the rest per transaction). */
export type DeliveriesState = { -readonly [K in keyof ChatDelivery]: ChatDelivery[K] } & { nextAt: Date; claimedBy: string | null; claimedUntil: Date | null };

const clone = <T>(v: T): T => structuredClone(v);
const sameChannel = (a: DeliveryTarget, b: DeliveryTarget) => a.platform === b.platform && a.channelId === b.channelId;
const sameUpdate = (a: DeliveryTarget, b: DeliveryTarget) => a.kind === 'update' && b.kind === 'update' && sameChannel(a, b) && a.messageId === b.messageId;

export function deliveryRepos(rows: () => DeliveriesState[]): { deliveries: ChatDeliveryRepo } {
  const held = (id: number, owner: string) => rows().find((r) => r.id === id && r.claimedBy === owner);
  const remove = (id: number) => {
    const i = rows().findIndex((r) => r.id === id);
    if (i >= 0) rows().splice(i, 1);
  };
  return {
    deliveries: {
      async keep(target, reply, at, nextAt, error) {
        const same = rows().find((r) => sameUpdate(r.target, target));
        if (same) return void Object.assign(same, { reply: clone(reply), lastError: error, revision: same.revision + 1 });
        rows().push(clone({ id: (rows().at(-1)?.id ?? 0) + 1, target, reply, revision: 1, attempts: 0, createdAt: at, lastError: error, nextAt, claimedBy: null, claimedUntil: null }));
      },
      async waiting(target) {
        return rows().some((r) => (target.kind === 'post' ? r.target.kind === 'post' && sameChannel(r.target, target) : sameUpdate(r.target, target)));
      },
      async claim(owner, now, until, limit) {
        const free = rows()
          .filter((r) => r.nextAt <= now && (!r.claimedUntil || r.claimedUntil < now))
          .filter((r) => r.target.kind === 'update' || !rows().some((e) => e.target.kind === 'post' && sameChannel(e.target, r.target) && e.id < r.id))
          .slice(0, limit);
        for (const r of free) Object.assign(r, { claimedBy: owner, claimedUntil: until });
        return clone(free.map(({ nextAt: _n, claimedBy: _b, claimedUntil: _u, ...d }) => d));
      },
      async delivered(id, owner, revision) {
        const r = held(id, owner);
        if (!r) return;
        if (r.revision === revision) remove(id);
        else Object.assign(r, { claimedBy: null, claimedUntil: null });
      },
      async later(id, owner, nextAt, error) {
        const r = held(id, owner);
        if (r) Object.assign(r, { attempts: r.attempts + 1, lastError: error, nextAt, claimedBy: null, claimedUntil: null });
      },
      async drop(id, owner) {
        if (held(id, owner)) remove(id);
      },
      depth: async () => ({ count: rows().length, oldest: rows()[0]?.createdAt ?? null }),
    },
  };
}
