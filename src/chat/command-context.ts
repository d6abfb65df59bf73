import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Actor, Platform } from '../governance/domain/actor.js';
import type { Store } from '../ports/store.js';
import type { ChatPublisher } from './replies/publisher.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import type { DeployTarget } from '../deploy/domain/target.js';
import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import type { NaturalLanguage } from '../llm/domain/natural-language.js';
import type { CardMessage } from '../ports/store.js';
import type { ActionPayload, CardRef, Reply } from './replies/reply.js';

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

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** What every command may use. Grows as capabilities land; all are ports or plain values. */
export interface Deps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** Outbound chat (post, update in place), routed by platform. */
  readonly publisher: ChatPublisher;
  /**
   * How lifecycle events reach subscribed channels: `now` through the publisher (a running Steward),
   * or `outbox` (a one-shot CLI process with no chat connection: a running Steward delivers them).
   */
  readonly eventDelivery: 'now' | 'outbox';
  /** Cards that live: where they were posted, and re-rendering them everywhere after a change. */
  readonly cards: LiveCards;
  /** Runs approved deployments. */
  readonly executor: DeployExecutor;
  /** The deploy target of an environment (for plans; the executor deploys through it). */
  readonly targetFor: (environment: string) => DeployTarget;
  /** Measured drift/fairness values for the gates, when monitoring has data. */
  readonly evaluations: EvaluationSource;
  /** Free text -> one typed command (an OpenAI-compatible model); null when natural language is off. */
  readonly nl: NaturalLanguage | null;
}

export interface LiveCards {
  track(card: CardRef, msg: CardMessage): Promise<void>;
  /** Re-render the card from the database and update every posted copy (errors are logged, never thrown). */
  refresh(card: CardRef): Promise<void>;
  /** The card as it is now, or null if it no longer exists. */
  render(card: CardRef): Promise<Reply | null>;
}

export interface CommandContext extends Deps {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  /** "/mlops" on chat, "steward" on the CLI — for usage lines */
  readonly prefix: string;
}
