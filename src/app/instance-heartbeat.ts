import type { Logger } from '../ports/logger.js';
import type { Clock } from '../core/clock.js';
import type { StewardInstance, Store } from '../ports/store.js';

/** How often a running Steward renews its row in steward_instances. */
export const HEARTBEAT_MS = 5_000;
/** A Steward counts as running when it was seen this recently (three beats). */
export const ALIVE_WITHIN_MS = 3 * HEARTBEAT_MS;
/** Rows of servers that died without a clean shutdown are forgotten after a day. */
const FORGET_AFTER_MS = 24 * 3_600_000;

interface Env {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * What `steward start` runs once it serves: a row saying "this server is alive", renewed every
 * `everyMs` and removed on a clean shutdown, so one-shot commands can tell whether the work they
 * queue (approved deployments, chat messages, requested reports) will be picked up.
 */
export async function startHeartbeat(env: Env, me: { id: string; host: string; pid: number }, everyMs = HEARTBEAT_MS): Promise<{ stop(): Promise<void> }> {
  const startedAt = env.clock.now();
  const instances = env.store.read.instances;
  await instances.prune(new Date(startedAt.getTime() - FORGET_AFTER_MS));
  const beat = () => instances.beat({ ...me, startedAt }, env.clock.now());
  await beat();
  const t = setInterval(() => void beat().catch((err: unknown) => env.log.error({ err }, 'heartbeat failed')), everyMs);
  t.unref();
  return {
    async stop() {
      clearInterval(t);
      await instances.remove(me.id).catch((err: unknown) => env.log.warn({ err }, 'could not remove this server from steward_instances'));
    },
  };
}

/** The Steward servers whose heartbeat is recent at `now`. */
export function runningStewards(store: Store, now: Date): Promise<StewardInstance[]> {
  return store.read.instances.seenSince(new Date(now.getTime() - ALIVE_WITHIN_MS));
}
