import type { CardRef, Reply } from '../chat/replies/reply.js';
import type { CardMessage } from './store.js';

/**
 * Cards that live (a deployment's approval card, an alert): where each copy was posted, and
 * re-rendering it from the database to update every copy after a change.
 */
export interface LiveCards {
  track(card: CardRef, msg: CardMessage): Promise<void>;
  /** Re-render the card and update every posted copy; nothing is rendered when no copy exists. Never throws. */
  refresh(card: CardRef): Promise<void>;
  /** The card as it is now, or null if it no longer exists. */
  render(card: CardRef): Promise<Reply | null>;
}
