import { renderText } from '../../src/chat/replies/text-render.js';
import { composeSteward, type Steward } from '../../src/app/compose.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { CommandPorts } from '../../src/chat/command-context.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Config } from '../../src/config/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { DeployExecutor } from '../../src/deploy/domain/executor.js';
import type { DeployTarget } from '../../src/deploy/domain/target.js';
import type { TrainingPipeline } from '../../src/training/domain/pipeline.js';
import type { RunnerOptions } from '../../src/deploy/runner/deploy-runner.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import type { EvaluationSource } from '../../src/governance/domain/evaluation-source.js';
import type { Store } from '../../src/ports/store.js';
import type { PageLinks } from '../../src/ports/page-links.js';
import type { ActionPayload, Reply } from '../../src/chat/replies/reply.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { testConfig } from './test-config.js';

export interface HarnessOptions<C extends Clock> {
  readonly store?: Store;
  readonly config?: Config;
  readonly clock?: C;
  readonly publisher?: RecordingPublisher;
  /** the executor of approved deployments: a recording fake (default), or the real DeployRunner with these options */
  readonly executor?: DeployExecutor | { readonly runner: Partial<RunnerOptions> };
  readonly evaluations?: EvaluationSource;
  readonly targetFor?: (environment: string) => DeployTarget;
  /** each model's training pipeline (default: from the config) */
  readonly pipelineFor?: (model: string) => TrainingPipeline | null;
  /** the channel every line and click comes from */
  readonly channelId?: string;
  /** `outbox`: a one-shot process (events go to the outbox for a running Steward) */
  readonly eventDelivery?: 'now' | 'outbox';
  /** links to the read-only pages (default: none, as without an HTTP server) */
  readonly pageLinks?: PageLinks;
}

export interface Harness<E = RecordingExecutor, C extends Clock = FixedClock> {
  readonly app: StewardApp;
  /** the chat layer's ports, as verbs see them */
  readonly deps: CommandPorts;
  readonly steward: Steward;
  /** the store with effects: what the use cases commit takes effect */
  readonly store: Store;
  readonly clock: C;
  readonly config: Config;
  readonly publisher: RecordingPublisher;
  readonly executor: E;
  /** Run one chat line as a console user; returns the reply and its console rendering. */
  say(text: string, as?: string | Actor): Promise<Reply & { out: string }>;
  click(action: ActionPayload, as?: string | Actor, input?: string): Promise<Reply & { out: string }>;
}

/** A Steward app composed as in production (src/app/compose.ts) around fakes of our own ports, or real ones when given. */
export function harness<E = RecordingExecutor, C extends Clock = FixedClock>(opts: HarnessOptions<C> = {}): Harness<E, C> {
  const clock = (opts.clock ?? new FixedClock()) as C;
  const config = opts.config ?? testConfig();
  const publisher = opts.publisher ?? new RecordingPublisher();
  const given = opts.executor ?? new RecordingExecutor();
  const steward = composeSteward({
    config,
    store: opts.store ?? new InMemoryStore(),
    clock,
    log: silentLogger,
    publisher,
    effects: opts.eventDelivery === 'outbox' ? { mode: 'outbox' } : 'runner' in given ? { mode: 'now', runner: given.runner } : { mode: 'now', executor: given },
    ...(opts.evaluations ? { evaluations: opts.evaluations } : {}),
    ...(opts.targetFor ? { targetFor: opts.targetFor } : {}),
    ...(opts.pipelineFor ? { pipelineFor: opts.pipelineFor } : {}),
    ...(opts.pageLinks ? { pageLinks: opts.pageLinks } : {}),
  });
  const app = steward.app;
  const actor = (as: string | Actor): Actor => (typeof as === 'string' ? { platform: 'console', id: as, displayName: as } : as);
  const channel = { platform: 'console' as const, id: opts.channelId ?? 'console' };
  return {
    app,
    deps: steward.commands,
    steward,
    store: steward.store,
    clock,
    config,
    publisher,
    executor: (steward.runner ?? steward.executor ?? given) as E,
    async say(text, as = 'alice') {
      const r = await app.handleText({ actor: actor(as), channel, text });
      return { ...r, out: renderText(r) };
    },
    async click(action, as = 'alice', input) {
      const r = await app.handleAction({ actor: actor(as), channel, action, input });
      return { ...r, out: renderText(r) };
    },
  };
}

export const HEX64 = (c: string) => c.repeat(64).slice(0, 64);
