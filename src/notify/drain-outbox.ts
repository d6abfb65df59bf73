import type { Deps } from '../chat/command-context.js';
import type { LifecycleEvent } from './events.js';
import { publishEvent } from './publish-event.js';

const HOLD_MS = 60_000;

/**
 * Deliver events queued by processes that could not post to chat (one-shot CLI commands): claim a
 * batch (replicas take different rows), post each to its subscribers now — an approval request as
 * its live card, re-rendered from the database — and remove it. An item whose holder died is
 * claimable again after the hold.
 */
export async function drainOutbox(deps: Deps, owner: string): Promise<number> {
  const now = deps.clock.now();
  const items = await deps.store.read.outbox.claim(owner, now, new Date(now.getTime() + HOLD_MS), 50);
  const direct: Deps = { ...deps, eventDelivery: 'now' };
  for (const it of items) {
    const e = it.event as unknown as LifecycleEvent;
    const reply = e.type === 'approval_requested' && e.deploymentId ? await deps.cards.render({ kind: 'deployment', id: String(e.deploymentId) }) : null;
    await publishEvent(direct, reply ? { ...e, reply } : e);
    await deps.store.read.outbox.remove(it.id, owner);
  }
  return items.length;
}

export function startOutboxDrain(deps: Deps, owner: string, everyMs = 5_000): { stop(): void } {
  const t = setInterval(() => void drainOutbox(deps, owner).catch((err: unknown) => deps.log.error({ err }, 'event outbox drain failed')), everyMs);
  t.unref();
  return { stop: () => clearInterval(t) };
}
