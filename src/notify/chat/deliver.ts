import type { ChatPublisher } from '../../chat/replies/publisher.js';
import type { Logger } from '../../ports/logger.js';
import type { Subscription } from '../../scheduling/domain/records.js';
import type { MessageRef } from '../../chat/replies/publisher.js';
import type { Reply } from '../../chat/replies/reply.js';

export interface ChannelDelivery {
  readonly delivered: MessageRef[];
  readonly failures: string[];
  /** channels where the platform failed for now: the message is kept and delivered by a retry */
  readonly queued: number;
}

/** Distinct channels of these subscriptions (a channel subscribed to a model and to * hears once). */
export function channelsOf(subs: readonly Subscription[]): { platform: Subscription['platform']; channelId: string }[] {
  const seen = new Set<string>();
  const out: { platform: Subscription['platform']; channelId: string }[] = [];
  for (const s of subs) {
    const k = `${s.platform}\u0000${s.channelId}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ platform: s.platform, channelId: s.channelId });
  }
  return out;
}

/** Post one reply to each channel through the ChatPublisher port; failures are values, logged. */
export async function deliverToChannels(deps: { readonly publisher: Pick<ChatPublisher, 'post'>; readonly log: Logger }, channels: readonly { platform: Subscription['platform']; channelId: string }[], reply: Reply): Promise<ChannelDelivery> {
  const delivered: MessageRef[] = [];
  const failures: string[] = [];
  let queued = 0;
  for (const c of channels) {
    try {
      const r = await deps.publisher.post({ platform: c.platform, channelId: c.channelId }, reply);
      if (r.ok) delivered.push(r.ref);
      else if (r.queued) queued++;
      else failures.push(`${c.platform}:${c.channelId}: ${r.reason}`);
    } catch (e) {
      failures.push(`${c.platform}:${c.channelId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failures.length) deps.log.warn({ failures }, 'some subscribed channels could not be notified');
  return { delivered, failures, queued };
}
