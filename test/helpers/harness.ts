import { renderConsole } from '../../adapters/console/console-render.js';
import { createStewardApp, type StewardApp } from '../../src/app/steward-app.js';
import { silentLogger } from '../../src/commands/command-context.js';
import type { Config } from '../../src/config/config.js';
import type { Actor } from '../../src/core/governance/actor.js';
import type { Store } from '../../src/core/store.js';
import type { ActionPayload, Reply } from '../../src/replies/reply.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { buildDeps } from '../../src/app/build-deps.js';
import type { EvaluationSource } from '../../src/core/governance/evaluation-source.js';
import { testConfig } from './test-config.js';

export interface Harness {
  readonly app: StewardApp;
  readonly store: Store;
  readonly clock: FixedClock;
  readonly config: Config;
  readonly publisher: RecordingPublisher;
  readonly executor: RecordingExecutor;
  /** Run one chat line as a console user; returns the reply and its console rendering. */
  say(text: string, as?: string | Actor): Promise<Reply & { out: string }>;
  click(action: ActionPayload, as?: string | Actor, input?: string): Promise<Reply & { out: string }>;
}

export function harness(opts: { store?: Store; config?: Config; clock?: FixedClock; publisher?: RecordingPublisher; executor?: RecordingExecutor; evaluations?: EvaluationSource } = {}): Harness {
  const store = opts.store ?? new InMemoryStore();
  const clock = opts.clock ?? new FixedClock();
  const config = opts.config ?? testConfig();
  const publisher = opts.publisher ?? new RecordingPublisher();
  const executor = opts.executor ?? new RecordingExecutor();
  const app = createStewardApp(buildDeps({ config, store, clock, log: silentLogger, publisher, executor, evaluations: opts.evaluations }));
  const actor = (as: string | Actor): Actor => (typeof as === 'string' ? { platform: 'console', id: as, displayName: as } : as);
  const channel = { platform: 'console' as const, id: 'console' };
  return {
    app,
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
