import type { Config } from '../../src/config/config.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { DeployTarget } from '../../src/deploy/domain/target.js';
import type { Store } from '../../src/ports/store.js';
import type { DeployRunner, RunnerOptions } from '../../src/deploy/runner/deploy-runner.js';
import { type Harness, harness } from './harness.js';

/** A Steward process in a test: the real deploy runner and store, a given target, a recording chat sink. */
export type DeployHarness = Harness<DeployRunner, Clock> & { readonly runner: DeployRunner };

export const FAST = { leaseMs: 1_000, pollMs: 30, progressMs: 50, backoff: { baseMs: 20, maxMs: 100 } } as const;

export function deployHarness(o: { store: Store; config: Config; target: DeployTarget; clock?: Clock; runner?: Partial<RunnerOptions>; owner?: string }): DeployHarness {
  const h = harness<DeployRunner, Clock>({
    store: o.store,
    config: o.config,
    clock: o.clock ?? systemClock,
    channelId: 'c1',
    targetFor: () => o.target,
    executor: { runner: { ...FAST, targetFor: () => o.target, deadlineMs: () => 2_000, ...(o.owner ? { owner: o.owner } : {}), ...o.runner } },
  });
  return { ...h, runner: h.executor };
}
