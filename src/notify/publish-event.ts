import type { Deps } from '../chat/command-context.js';
import { ok } from '../core/result.js';
import { raiseAlert } from './alert-raise.js';
import { channelsOf, deliverToChannels } from './deliver.js';
import { lifecycleReply } from './event-reply.js';
import { type Delivery, isMonitoringEvent, type StewardEvent } from './events.js';

/**
 * The notifier: deliver an event to every channel subscribed to its model (or *) and type, through
 * `deps.publisher` (routed by platform). Call it after the change has committed:
 *
 *   await publishEvent(deps, { type: 'deployed', model: 'fraud-detector', version: 7, environment: 'production', actor: 'slack:U1', deploymentId: 42 });
 *
 * A `reply` with `card` is tracked, so later changes to that card update the subscribers' copies too.
 * drift and bias events become alerts (dedup + cooldown in the database, [Acknowledge] button).
 * Never throws: a notification problem is logged and reported in the result, it does not undo the change.
 */
export async function publishEvent(deps: Deps, e: StewardEvent): Promise<Delivery> {
  try {
    if (isMonitoringEvent(e)) return await raiseAlert(deps, e);
    const skip = isMonitoringEvent(e) ? undefined : e.skipChannel;
    const channels = channelsOf(await deps.store.read.subscriptions.matching(e.model, e.type)).filter((c) => !skip || c.platform !== skip.platform || c.channelId !== skip.channelId);
    if (!channels.length) return { channels: 0, delivered: 0, suppressed: false, alertId: null, failures: [] };
    if (deps.eventDelivery === 'outbox') {
      // this process cannot post to chat: a running Steward delivers it (drainOutbox); cards are re-rendered then
      const { reply: _reply, ...plain } = e;
      await deps.store.transaction(async (tx) => ok(await tx.outbox.enqueue({ ...plain }, deps.clock.now())));
      return { channels: channels.length, delivered: 0, suppressed: false, alertId: null, failures: [] };
    }
    const reply = e.reply ?? lifecycleReply(e);
    const sent = await deliverToChannels(deps, channels, reply);
    // a live card (e.g. an approval request) posted to subscribers is updated in place with the others
    if (reply.card) for (const ref of sent.delivered) await deps.cards.track(reply.card, ref);
    return { channels: channels.length, delivered: sent.delivered.length, suppressed: false, alertId: null, failures: sent.failures };
  } catch (err) {
    deps.log.error({ err, event: e.type, model: e.model }, 'event delivery failed');
    return { channels: 0, delivered: 0, suppressed: false, alertId: null, failures: [err instanceof Error ? err.message : String(err)] };
  }
}
