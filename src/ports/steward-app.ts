import type { CardRef, Reply } from '../chat/replies/reply.js';
import type { Invocation } from './invocation.js';
import type { CardMessage } from './store.js';

/**
 * The inbound port every surface (console, CLI, Slack, Discord, HTTP) talks to.
 *
 * Cards that live: when a text command returns a reply with `card`, the surface posts it to the
 * channel and calls `trackCard` with where it landed. Whenever that card's state changes — a click
 * on any platform, a text fallback, a deployment's progress — the card is re-rendered and every
 * tracked copy updated. A click's own reply is either ephemeral (show it only to the clicker) or
 * carries `card` (already updated in place everywhere it was tracked).
 */
export interface StewardApp {
  handleText(inv: Invocation, surface?: 'chat' | 'cli'): Promise<Reply>;
  handleAction(inv: Invocation): Promise<Reply>;
  trackCard(card: CardRef, msg: CardMessage): Promise<void>;
  refreshCard(card: CardRef): Promise<void>;
  /**
   * True the first time a signed inbound request (`key`: a digest of its signature) reaches any
   * replica within `validForMs`: false for a replay. When the database does not answer, true (the
   * request then meets the database's unavailability in its own way).
   */
  firstSeen(key: string, validForMs: number): Promise<boolean>;
}
