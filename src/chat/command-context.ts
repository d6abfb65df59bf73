import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Actor } from '../governance/domain/actor.js';
import type { DeployTarget } from '../deploy/domain/target.js';
import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import type { NaturalLanguage } from '../llm/domain/natural-language.js';
import type { TrainingPipeline } from '../training/domain/pipeline.js';
import type { LiveCards } from '../ports/live-cards.js';
import type { Logger } from '../ports/logger.js';
import type { ChannelRef } from '../ports/invocation.js';
import type { Store } from '../ports/store.js';
import type { PageLinks } from '../ports/page-links.js';
import type { ChatPublisher } from './replies/publisher.js';

/**
 * What a verb or a button handler may use: the chat layer's view of the application, built once by
 * the composition root (src/app/compose.ts). Use cases never see it: each takes only the ports it
 * names.
 */
export interface CommandPorts {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** Outbound chat (post, update in place), routed by platform: for a command confirmed later (natural language). */
  readonly publisher: ChatPublisher;
  /** Live cards: a command's reply renders its card from the database; a card posted later is tracked. */
  readonly cards: Pick<LiveCards, 'render' | 'track'>;
  /** The deploy target of an environment (for plans). */
  readonly targetFor: (environment: string) => DeployTarget;
  /** A model's training pipeline (retrain), or null when none is configured. */
  readonly pipelineFor: (model: string) => TrainingPipeline | null;
  /** Measured drift/fairness values for the gates, when monitoring has data. */
  readonly evaluations: EvaluationSource;
  /** Free text -> one typed command (an OpenAI-compatible model); null when natural language is off. */
  readonly nl: NaturalLanguage | null;
  /** Signed, expiring links to the read-only web pages (src/pages); `url` is null when no HTTP server serves them. */
  readonly pageLinks: PageLinks;
}

export interface CommandContext extends CommandPorts {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  /** "/mlops" on chat, "steward" on the CLI — for usage lines */
  readonly prefix: string;
}
