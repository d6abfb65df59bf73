import { randomUUID } from 'node:crypto';
import type { ActionHandler } from '../chat/action-handler.js';
import { buildActionHandlers } from './all-actions.js';
import { buildCommandRegistry } from './all-commands.js';
import type { Deps, Invocation } from '../chat/command-context.js';
import type { CommandRegistry } from '../chat/command-registry.js';
import { dispatchText } from '../chat/dispatch.js';
import { actorKey } from '../governance/domain/actor.js';
import { unstorableChar } from '../core/text-safety.js';
import { SCHEDULING_ACTIONS } from '../notify/alert-buttons.js';
import type { CardMessage } from '../ports/store.js';
import { errorReply } from '../chat/replies/builders.js';
import type { ActionKind, CardRef, Reply } from '../chat/replies/reply.js';

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

export interface AppOptions {
  readonly chatPrefix?: string;
  /** extra or replacement button handlers */
  readonly actions?: Partial<Record<ActionKind, ActionHandler>>;
}

export function createStewardApp(deps: Deps, opts: AppOptions = {}): StewardApp {
  const registry = buildCommandRegistry();
  const chatPrefix = opts.chatPrefix ?? '/mlops';
  const actions = { ...buildActionHandlers(), ...SCHEDULING_ACTIONS, ...opts.actions };
  return {
    registry,
    deps,
    handleText: (inv, surface = 'chat') => dispatchText(registry, deps, inv, { prefix: surface === 'cli' ? 'steward' : chatPrefix, surface }),
    async handleAction(inv) {
      const payload = inv.action;
      const handler = payload ? actions[payload.a] : undefined;
      if (!payload || !handler) return errorReply({ code: 'bad_input', message: 'This button is not recognised by this Steward version; use the text command instead (see /mlops help).' });
      const bad = inv.input === undefined ? null : unstorableChar(inv.input);
      if (bad !== null) return errorReply({ code: 'bad_input', message: `The text you entered contains ${bad}, which cannot be stored; remove it and try again.` });
      const ctx = { ...deps, actor: inv.actor, channel: inv.channel, prefix: chatPrefix };
      try {
        const r = await handler(ctx, payload, inv.input);
        return r.ok ? r.value : errorReply(r.error);
      } catch (e) {
        const ref = randomUUID().slice(0, 8);
        deps.log.error({ err: e, ref, action: payload.a, id: payload.id, actor: actorKey(inv.actor) }, 'button failed');
        return errorReply({ code: 'unavailable', message: `Something went wrong handling that click (ref ${ref}). Nothing was changed; try again or use the text command.` });
      }
    },
    trackCard: (card, msg) => deps.cards.track(card, msg),
    refreshCard: (card) => deps.cards.refresh(card),
  };
}
