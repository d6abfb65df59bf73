import { buildDeps } from '../../src/app/build-deps.js';
import { createStewardApp, type StewardApp } from '../../src/app/steward-app.js';
import { renderConsole } from '../../adapters/console/console-render.js';
import { silentLogger, type Deps } from '../../src/commands/command-context.js';
import type { Config } from '../../src/config/config.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { DeployTarget } from '../../src/core/deploy/target.js';
import type { Store } from '../../src/core/store.js';
import { DeployRunner, type RunnerOptions } from '../../src/deploy/deploy-runner.js';
import { afterSuccess } from '../../src/deploy/post-deploy-check.js';
import type { ActionPayload, Reply } from '../../src/replies/reply.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';

/** A Steward process in a test: real runner and store, a given target, a recording chat sink. */
export interface DeployHarness {
  readonly app: StewardApp;
  readonly deps: Deps;
  readonly runner: DeployRunner;
  readonly publisher: RecordingPublisher;
  say(text: string, as?: string): Promise<Reply & { out: string }>;
  click(action: ActionPayload, as?: string): Promise<Reply & { out: string }>;
}

export const FAST = { leaseMs: 1_000, pollMs: 30, progressMs: 50, backoff: { baseMs: 20, maxMs: 100 } } as const;

export function deployHarness(o: { store: Store; config: Config; target: DeployTarget; clock?: Clock; runner?: Partial<RunnerOptions>; owner?: string }): DeployHarness {
  const publisher = new RecordingPublisher();
  let deps: Deps | undefined;
  const runner = new DeployRunner(() => deps!, { ...FAST, targetFor: () => o.target, deadlineMs: () => 2_000, owner: o.owner, afterSuccess: (d) => afterSuccess(deps!, d), ...o.runner });
  deps = buildDeps({ config: o.config, store: o.store, clock: o.clock ?? systemClock, log: silentLogger, publisher, executor: runner, targetFor: () => o.target });
  const app = createStewardApp(deps);
  const channel = { platform: 'console' as const, id: 'c1' };
  const actor = (id: string) => ({ platform: 'console' as const, id, displayName: id });
  return {
    app,
    deps,
    runner,
    publisher,
    async say(text, as = 'alice') {
      const r = await app.handleText({ actor: actor(as), channel, text });
      return { ...r, out: renderConsole(r) };
    },
    async click(action, as = 'alice') {
      const r = await app.handleAction({ actor: actor(as), channel, action });
      return { ...r, out: renderConsole(r) };
    },
  };
}
