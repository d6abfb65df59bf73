import { randomUUID } from 'node:crypto';
import type { ActionHandler } from '../chat/action-handler.js';
import { buildActionHandlers } from './all-actions.js';
import { buildCommandRegistry } from './all-commands.js';
import type { CommandPorts } from '../chat/command-context.js';
import type { LiveCards } from '../ports/live-cards.js';
import type { StewardApp } from '../ports/steward-app.js';
import type { Invocation } from '../ports/invocation.js';
import { dispatchText } from '../chat/dispatch.js';
import { actorKey } from '../governance/domain/actor.js';
import { unstorableChar } from '../core/text-safety.js';
import { SCHEDULING_ACTIONS } from '../notify/chat/alert-buttons.js';
import { errorReply } from '../chat/replies/builders.js';
import type { ActionKind } from '../chat/replies/reply.js';

export type { StewardApp } from '../ports/steward-app.js';

export interface AppOptions {
  readonly chatPrefix?: string;
  /** extra or replacement button handlers */
  readonly actions?: Partial<Record<ActionKind, ActionHandler>>;
}

/** The inbound port, over the chat layer's ports (`deps`) and the live cards surfaces track. */
export function createStewardApp(deps: CommandPorts, cards: LiveCards, opts: AppOptions = {}): StewardApp {
  const registry = buildCommandRegistry();
  const chatPrefix = opts.chatPrefix ?? '/mlops';
  const actions = { ...buildActionHandlers(registry), ...SCHEDULING_ACTIONS, ...opts.actions };
  return {
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
    trackCard: (card, msg) => cards.track(card, msg),
    refreshCard: (card) => cards.refresh(card),
    async firstSeen(key, validForMs) {
      const now = deps.clock.now();
      try {
        return await deps.store.read.inbound.first(key, now, new Date(now.getTime() + validForMs));
      } catch (err) {
        deps.log.warn({ err }, 'could not check an inbound request against the ones already taken (the database did not answer): taken');
        return true;
      }
    },
  };
}
