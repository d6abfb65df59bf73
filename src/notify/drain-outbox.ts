import type { Clock } from '../core/clock.js';
import { asDomainEvent, type DomainEvent } from '../core/events.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

const HOLD_MS = 60_000;

/** What draining needs: the store, the time, the log, and what carries events out in this process. */
export interface DrainPorts {
  readonly store: Pick<Store, 'read'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly carryOut: (events: readonly DomainEvent[]) => Promise<void>;
}

/**
 * Carry out the events one-shot processes (CLI commands) committed to the outbox: claim a batch
 * (replicas take different rows), carry each out here — cards refreshed, subscribers told, approved
 * deployments run — and remove it. An item whose holder died is claimable again after the hold; one
 * this version does not understand is logged and removed.
 */
export async function drainOutbox(p: DrainPorts, owner: string): Promise<number> {
  const now = p.clock.now();
  const items = await p.store.read.outbox.claim(owner, now, new Date(now.getTime() + HOLD_MS), 50);
  for (const it of items) {
    const e = asDomainEvent(it.event);
    if (e) await p.carryOut([e]);
    else p.log.warn({ outbox: it.id, type: String((it.event as { type?: unknown }).type) }, 'dropped an outbox item this Steward does not understand');
    await p.store.read.outbox.remove(it.id, owner);
  }
  return items.length;
}

export function startOutboxDrain(p: DrainPorts, owner: string, everyMs = 5_000): { stop(): void } {
  const t = setInterval(() => void drainOutbox(p, owner).catch((err: unknown) => p.log.error({ err }, 'event outbox drain failed')), everyMs);
  t.unref();
  return { stop: () => clearInterval(t) };
}
