import type { ActionPayload } from '../chat/replies/reply.js';
import type { Actor, Platform } from '../governance/domain/actor.js';

/** Where a request came from, and where its answer goes. */
export interface ChannelRef {
  readonly platform: Platform;
  readonly id: string;
  readonly threadId?: string;
}

/** One request from any surface: a line of text, or a button click. */
export interface Invocation {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  readonly text?: string;
  readonly action?: ActionPayload;
  /** extra text a click carries (a reject reason from a modal) */
  readonly input?: string;
}
