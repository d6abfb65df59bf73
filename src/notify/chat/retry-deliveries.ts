import type { ChatPublisher, PublishResult } from '../../chat/replies/publisher.js';
import type { Reply } from '../../chat/replies/reply.js';
import { replyFromJson } from '../../chat/replies/reply-json.js';
import type { Clock } from '../../core/clock.js';
import type { LiveCards } from '../../ports/live-cards.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import type { ChatDelivery, Store } from '../../ports/store.js';

const FIRST_MS = 2_000;
const MAX_MS = 30_000;
/** a message the platform has not taken for this long is given up on (and logged) */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const HOLD_MS = 60_000;
const BATCH = 20;

/** Backoff before attempt `n + 1`: 2 s doubling to 30 s, ±20% jitter, never sooner than the platform asked. */
export function retryDelayMs(attempts: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_MS, FIRST_MS * 2 ** Math.min(attempts, 10)) * (0.8 + 0.4 * random());
  return Math.max(Math.round(base), retryAfterMs ?? 0);
}

export interface RetryPorts {
  readonly store: Pick<Store, 'read'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** the platforms themselves (not the durable wrapper: a retry that fails is rescheduled here) */
  readonly publisher: ChatPublisher;
  /** a kept card is re-rendered at delivery (it may have changed while it waited) and tracked once posted */
  readonly cards: Pick<LiveCards, 'render' | 'track'>;
  readonly metrics?: Pick<Metrics, 'chatDelivery'>;
}

async function contentOf(p: RetryPorts, d: ChatDelivery): Promise<Reply> {
  const kept = replyFromJson(d.reply);
  if (!kept.card) return kept;
  return (await p.cards.render(kept.card).catch(() => null)) ?? kept;
}

async function send(p: RetryPorts, d: ChatDelivery, reply: Reply): Promise<PublishResult> {
  const t = d.target;
  const thread = t.threadId ? { threadId: t.threadId } : {};
  try {
    if (t.kind === 'post') return await p.publisher.post({ platform: t.platform as never, channelId: t.channelId, ...thread }, reply);
    return await p.publisher.update({ platform: t.platform as never, channelId: t.channelId, messageId: t.messageId, ...thread }, reply);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e), retryable: true };
  }
}

/**
 * Deliver the chat messages kept while a platform failed: claim those that are due (replicas take
 * different ones; a channel's posts one at a time, oldest first), send each, and remove it once the
 * platform took it. A failure that may pass is rescheduled with backoff; a refusal, or a message older
 * than a day, is dropped and logged. Repeats while it makes progress. Returns how many were delivered.
 */
export async function retryDeliveries(p: RetryPorts, owner: string): Promise<number> {
  let delivered = 0;
  for (;;) {
    const now = p.clock.now();
    const batch = await p.store.read.deliveries.claim(owner, now, new Date(now.getTime() + HOLD_MS), BATCH);
    if (!batch.length) return delivered;
    let progress = false;
    for (const d of batch) {
      const reply = await contentOf(p, d);
      const r = await send(p, d, reply);
      const where = { delivery: d.id, platform: d.target.platform, channel: d.target.channelId, kind: d.target.kind, attempts: d.attempts + 1 };
      if (r.ok) {
        await p.store.read.deliveries.delivered(d.id, owner, d.revision);
        if (d.target.kind === 'post' && reply.card) await p.cards.track(reply.card, r.ref);
        p.metrics?.chatDelivery('delivered');
        p.log.info({ ...where, waitedSeconds: Math.round((p.clock.now().getTime() - d.createdAt.getTime()) / 1000) }, 'delivered a kept chat message');
        delivered++;
        progress = true;
      } else if (r.retryable && p.clock.now().getTime() - d.createdAt.getTime() < GIVE_UP_AFTER_MS) {
        await p.store.read.deliveries.later(d.id, owner, new Date(p.clock.now().getTime() + retryDelayMs(d.attempts + 1, r.retryAfterMs)), r.reason);
      } else {
        await p.store.read.deliveries.drop(d.id, owner);
        p.metrics?.chatDelivery('dropped');
        p.log.error({ ...where, reason: r.reason }, r.retryable ? 'gave up on a chat message: the platform has not taken it for a day' : 'gave up on a kept chat message: the platform refused it');
      }
    }
    if (!progress) return delivered;
  }
}

/** Every `everyMs` (and never two passes at once in this process); `stop` waits for a pass under way. */
export function startDeliveryRetry(p: RetryPorts, owner: string, everyMs = 2_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const t = setInterval(() => {
    if (running) return;
    running = retryDeliveries(p, owner)
      .then(() => undefined)
      .catch((err: unknown) => p.log.error({ err }, 'retrying kept chat messages failed'))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  t.unref();
  return {
    async stop() {
      clearInterval(t);
      await running;
    },
  };
}
