import { renderConsole } from '../../adapters/console/console-render.js';
import { buildDeps } from '../../src/app/build-deps.js';
import { createStewardApp, type StewardApp } from '../../src/app/steward-app.js';
import { type Deps, silentLogger } from '../../src/chat/command-context.js';
import type { Config } from '../../src/config/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { DeployExecutor } from '../../src/deploy/domain/executor.js';
import type { DeployTarget } from '../../src/deploy/domain/target.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import type { EvaluationSource } from '../../src/governance/domain/evaluation-source.js';
import type { Store } from '../../src/ports/store.js';
import type { ActionPayload, Reply } from '../../src/chat/replies/reply.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { testConfig } from './test-config.js';

export interface HarnessOptions<E extends DeployExecutor, C extends Clock> {
  readonly store?: Store;
  readonly config?: Config;
  readonly clock?: C;
  readonly publisher?: RecordingPublisher;
  /** the executor, or how to build one from the finished deps (a real DeployRunner) */
  readonly executor?: E | ((deps: () => Deps) => E);
  readonly evaluations?: EvaluationSource;
  readonly targetFor?: (environment: string) => DeployTarget;
  /** the channel every line and click comes from */
  readonly channelId?: string;
  readonly eventDelivery?: 'now' | 'outbox';
}

export interface Harness<E extends DeployExecutor = RecordingExecutor, C extends Clock = FixedClock> {
  readonly app: StewardApp;
  readonly deps: Deps;
  readonly store: Store;
  readonly clock: C;
  readonly config: Config;
  readonly publisher: RecordingPublisher;
  readonly executor: E;
  /** Run one chat line as a console user; returns the reply and its console rendering. */
  say(text: string, as?: string | Actor): Promise<Reply & { out: string }>;
  click(action: ActionPayload, as?: string | Actor, input?: string): Promise<Reply & { out: string }>;
}

/** A Steward app wired as in production around fakes of our own ports (or real ones, when given). */
export function harness<E extends DeployExecutor = RecordingExecutor, C extends Clock = FixedClock>(opts: HarnessOptions<E, C> = {}): Harness<E, C> {
  const store = opts.store ?? new InMemoryStore();
  const clock = (opts.clock ?? new FixedClock()) as C;
  const config = opts.config ?? testConfig();
  const publisher = opts.publisher ?? new RecordingPublisher();
  let deps: Deps | undefined;
  const executor = (typeof opts.executor === 'function' ? opts.executor(() => deps!) : (opts.executor ?? new RecordingExecutor())) as E;
  deps = buildDeps({ config, store, clock, log: silentLogger, publisher, executor, evaluations: opts.evaluations, targetFor: opts.targetFor, eventDelivery: opts.eventDelivery });
  const app = createStewardApp(deps);
  const actor = (as: string | Actor): Actor => (typeof as === 'string' ? { platform: 'console', id: as, displayName: as } : as);
  const channel = { platform: 'console' as const, id: opts.channelId ?? 'console' };
  return {
    app,
    deps,
    store,
    clock,
    config,
    publisher,
    executor,
    async say(text, as = 'alice') {
      const r = await app.handleText({ actor: actor(as), channel, text });
      return { ...r, out: renderConsole(r) };
    },
    async click(action, as = 'alice', input) {
      const r = await app.handleAction({ actor: actor(as), channel, action, input });
      return { ...r, out: renderConsole(r) };
    },
  };
}

export const HEX64 = (c: string) => c.repeat(64).slice(0, 64);
