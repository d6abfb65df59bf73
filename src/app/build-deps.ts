import type { Deps, Logger } from '../chat/command-context.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import { monitoringEvaluations } from '../monitoring/measured-evaluation.js';
import type { Store } from '../ports/store.js';
import type { ChatPublisher } from '../chat/replies/publisher.js';
import { CARD_RENDERERS } from './card-renderers.js';
import { liveCards } from './live-cards.js';
import type { DeployTarget } from '../deploy/domain/target.js';
import type { NaturalLanguage } from '../llm/domain/natural-language.js';
import { openAiNaturalLanguage } from '../llm/openai-natural-language.js';

/** Used when nothing says where an environment deploys: the deployment is recorded and succeeds. */
const recordOnly: DeployTarget = {
  kind: 'record',
  plan: async (j) => ({ summary: 'no deploy target configured: recorded only', steps: [`record ${j.model} v${j.version} as live in ${j.environment}`] }),
  start: async (j) => ({ state: 'succeeded', message: `no deploy target configured for ${j.environment}: recorded only` }),
  check: async (j) => ({ state: 'succeeded', message: `no deploy target configured for ${j.environment}: recorded only` }),
};

export interface CoreDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly publisher: ChatPublisher;
  readonly executor: DeployExecutor;
  readonly evaluations?: EvaluationSource;
  readonly targetFor?: (environment: string) => DeployTarget;
  /** default: an OpenAI-compatible model when config.llm is set (OPENAI_API_KEY), else off */
  readonly nl?: NaturalLanguage | null;
  /** default `now`; one-shot CLI processes use `outbox` */
  readonly eventDelivery?: 'now' | 'outbox';
}

/** Everything commands and jobs use, wired once (the live-card service needs the finished deps). */
export function buildDeps(c: CoreDeps): Deps {
  let deps: Deps;
  const cards = liveCards({ store: c.store, clock: c.clock, publisher: c.publisher, log: c.log, renderers: CARD_RENDERERS, deps: () => deps });
  // by default the gates read what monitoring measured for the version (drift share, fairness), when there is data
  const measured: EvaluationSource = { measured: (m, v, e) => monitoringEvaluations(deps).measured(m, v, e) };
  const nl = c.nl !== undefined ? c.nl : c.config.llm ? openAiNaturalLanguage(c.config.llm, c.log) : null;
  deps = { ...c, eventDelivery: c.eventDelivery ?? 'now', evaluations: c.evaluations ?? measured, targetFor: c.targetFor ?? (() => recordOnly), cards, nl };
  return deps;
}
