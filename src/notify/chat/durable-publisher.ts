import type { ChatPublisher, MessageRef, PostTarget, PublishResult } from '../../chat/replies/publisher.js';
import type { Reply } from '../../chat/replies/reply.js';
import { replyToJson } from '../../chat/replies/reply-json.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import type { DeliveryTarget, Store } from '../../ports/store.js';
import { retryDelayMs } from './retry-deliveries.js';

export interface DurablePorts {
  readonly store: Pick<Store, 'read'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics?: Pick<Metrics, 'chatDelivery'>;
}

const postTarget = (t: PostTarget): DeliveryTarget => ({ kind: 'post', platform: t.platform, channelId: t.channelId, threadId: t.threadId ?? null });
const updateTarget = (m: MessageRef): DeliveryTarget => ({ kind: 'update', platform: m.platform, channelId: m.channelId, threadId: m.threadId ?? null, messageId: m.messageId });

/**
 * A ChatPublisher that does not lose messages when the platform fails for a while. A post or update
 * the platform does not take for a reason that may pass (5xx, 429, no answer) is kept in the database
 * (chat_deliveries) and delivered by `retryDeliveries` with backoff, once: posts in order per channel
 * (a new post to a channel with posts waiting goes behind them), and for each message only its latest
 * content. A refusal (not in the channel, bad token) is returned as before. Posts sent with
 * `{retry: false}` (placeholders only worth showing now) are never kept.
 */
export function durablePublisher(inner: ChatPublisher, p: DurablePorts): ChatPublisher {
  const keep = async (target: DeliveryTarget, reply: Reply, failure: { reason: string; retryAfterMs?: number }): Promise<PublishResult> => {
    const where = { platform: target.platform, channel: target.channelId, kind: target.kind };
    try {
      const now = p.clock.now();
      await p.store.read.deliveries.keep(target, replyToJson(reply), now, new Date(now.getTime() + retryDelayMs(0, failure.retryAfterMs)), failure.reason);
      p.metrics?.chatDelivery('kept');
      p.log.warn({ ...where, reason: failure.reason }, 'chat did not take a message: kept, Steward retries it');
      return { ok: false, reason: `${failure.reason} Steward keeps the message and delivers it when ${target.platform} answers again.`, retryable: true, queued: true };
    } catch (err) {
      p.metrics?.chatDelivery('lost');
      p.log.error({ err, ...where }, 'a chat message could not be kept for a retry (the database did not answer): it is lost');
      return { ok: false, reason: failure.reason, retryable: true };
    }
  };
  /** Something waits for the same channel (post) or message (update): the new one goes behind it. */
  const waiting = async (t: DeliveryTarget) => {
    try {
      return await p.store.read.deliveries.waiting(t);
    } catch {
      return false; // no database: try the platform; if it fails too, keep() says the message is lost
    }
  };
  return {
    async post(target, reply, opts) {
      if (opts?.retry === false) return inner.post(target, reply, opts);
      const t = postTarget(target);
      if (await waiting(t)) return keep(t, reply, { reason: `Earlier messages to ${target.platform}:${target.channelId} are waiting for ${target.platform} to answer.` });
      const r = await inner.post(target, reply);
      return r.ok || !r.retryable ? r : keep(t, reply, r);
    },
    async update(ref, reply) {
      const t = updateTarget(ref);
      if (await waiting(t)) return keep(t, reply, { reason: `An earlier update of this message is waiting for ${ref.platform} to answer.` });
      const r = await inner.update(ref, reply);
      return r.ok || !r.retryable ? r : keep(t, reply, r);
    },
  };
}
