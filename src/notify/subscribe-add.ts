import type { Clock } from '../core/clock.js';
import type { Subscription, SubscriptionEvent, SubscriptionKey } from '../scheduling/domain/records.js';
import { ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

export const subscriptionTarget = (k: SubscriptionKey) => `subscription:${k.platform}:${k.channelId}:${k.model}`;

/** Subscribe a channel to events of a model (or *): merged with what it already gets; audited when something was added. */
export async function subscribeChannel(store: Store, clock: Clock, who: AuditWho, k: SubscriptionKey, events: readonly SubscriptionEvent[]): Promise<Result<{ subscription: Subscription; added: SubscriptionEvent[] }>> {
  const now = clock.now();
  return store.transaction(async (tx) => {
    const before = await tx.subscriptions.get(k);
    const added = events.filter((e) => !before?.events.includes(e));
    const subscription = await tx.subscriptions.addEvents(k, events, who.actor, now);
    if (added.length) await tx.audit.append(auditInput(who, 'subscription.created', subscriptionTarget(k), { model: k.model, events: added, now: subscription.events }), now);
    return ok({ subscription, added });
  });
}
