import type { ChatPublisher } from '../chat/replies/publisher.js';
import type { CardRef, Reply } from '../chat/replies/reply.js';
import type { Clock } from '../core/clock.js';
import type { LiveCards } from '../ports/live-cards.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

/** Re-renders a live card from the database: null when it no longer exists. */
export type CardRenderer = (id: string) => Promise<Reply | null>;

/**
 * Cards that live: the adapter that posts a card tracks where it landed; after a change the card is
 * re-rendered from the database — once, and only when a copy exists — and every tracked copy is
 * updated through the publisher.
 */
export function liveCards(o: { store: Pick<Store, 'read'>; clock: Clock; publisher: Pick<ChatPublisher, 'update'>; log: Logger; renderers: Partial<Record<CardRef['kind'], CardRenderer>> }): LiveCards {
  const render = async (card: CardRef) => {
    const r = o.renderers[card.kind];
    const reply = r ? await r(card.id) : null;
    return reply ? { ...reply, card } : null;
  };
  return {
    render,
    async track(card, msg) {
      await o.store.read.cards.track(card.kind, card.id, msg, o.clock.now());
    },
    async refresh(card) {
      try {
        const copies = await o.store.read.cards.messages(card.kind, card.id);
        if (!copies.length) return;
        const reply = await render(card);
        if (!reply) return;
        for (const m of copies) {
          const r = await o.publisher.update(m, reply);
          if (!r.ok) o.log.warn({ card, platform: m.platform, reason: r.reason }, 'card update failed');
        }
      } catch (e) {
        o.log.error({ err: e, card }, 'card refresh failed');
      }
    },
  };
}
