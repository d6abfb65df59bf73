import { buildCommandRegistry } from '../commands/all-commands.js';
import type { Deps, Invocation } from '../commands/command-context.js';
import type { CommandRegistry } from '../commands/command-registry.js';
import { dispatchText } from '../commands/dispatch.js';
import type { CardMessage } from '../core/store.js';
import { errorReply } from '../replies/builders.js';
import type { CardRef, Reply } from '../replies/reply.js';

/** Re-renders a live card from the database (approval, deployment, …): null when it no longer exists. */
export type CardRenderer = (id: string, deps: Deps) => Promise<Reply | null>;

/**
 * The inbound port every surface (console, CLI, Slack, Discord, HTTP) talks to.
 *
 * Cards that live: when a text command returns a reply with `card`, the adapter posts it to the
 * channel and calls `trackCard` with where it landed. Whenever that card's state changes — a click
 * on any platform, a text fallback, a deployment's progress — the app re-renders it and updates every
 * tracked copy through `deps.publisher`. A click's own reply is either ephemeral (show it only to the
 * clicker) or carries `card` (already updated in place everywhere it was tracked).
 */
export interface StewardApp {
  readonly registry: CommandRegistry;
  readonly deps: Deps;
  handleText(inv: Invocation, surface?: 'chat' | 'cli'): Promise<Reply>;
  handleAction(inv: Invocation): Promise<Reply>;
  trackCard(card: CardRef, msg: CardMessage): Promise<void>;
  refreshCard(card: CardRef): Promise<void>;
}

export function createStewardApp(deps: Deps, opts: { chatPrefix?: string; cards?: Partial<Record<CardRef['kind'], CardRenderer>> } = {}): StewardApp {
  const registry = buildCommandRegistry();
  const chatPrefix = opts.chatPrefix ?? '/mlops';
  const cards = opts.cards ?? {};
  const app: StewardApp = {
    registry,
    deps,
    handleText: (inv, surface = 'chat') => dispatchText(registry, deps, inv, { prefix: surface === 'cli' ? 'steward' : chatPrefix, surface }),
    async handleAction(inv) {
      return errorReply({ code: 'bad_input', message: `This button (${inv.action?.a ?? 'unknown'}) is not handled by this Steward version.` });
    },
    async trackCard(card, msg) {
      await deps.store.read.cards.track(card.kind, card.id, msg, deps.clock.now());
    },
    async refreshCard(card) {
      const render = cards[card.kind];
      if (!render) return;
      const reply = await render(card.id, deps);
      if (!reply) return;
      for (const m of await deps.store.read.cards.messages(card.kind, card.id)) {
        const r = await deps.publisher.update(m, { ...reply, card });
        if (!r.ok) deps.log.warn({ card, platform: m.platform, reason: r.reason }, 'card update failed');
      }
    },
  };
  return app;
}
