import type { Clock } from '../core/clock.js';
import type { Subscription, SubscriptionEvent, SubscriptionKey } from '../scheduling/domain/records.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { subscriptionTarget } from './subscribe-add.js';

/** Unsubscribe a channel from some events of a model (or all of them); audited as subscription.removed. */
export async function unsubscribeChannel(
  store: Store,
  clock: Clock,
  who: AuditWho,
  k: SubscriptionKey,
  events: readonly SubscriptionEvent[] | null,
): Promise<Result<{ removed: SubscriptionEvent[]; remaining: Subscription | null }>> {
  const now = clock.now();
  const label = k.model === '*' ? 'all models (*)' : `\`${k.model}\``;
  return store.transaction(async (tx) => {
    const before = await tx.subscriptions.get(k);
    if (!before) {
      const here = await tx.subscriptions.forChannel(k.platform, k.channelId);
      return err('not_found', `This channel has no subscription for ${label}.`, {
        hint: here.length ? `It is subscribed to: ${here.map((s) => `${s.model} (${s.events.join(', ')})`).join('; ')}.` : 'It has no subscriptions.',
      });
    }
    const removed = events === null ? [...before.events] : before.events.filter((e) => events.includes(e));
    if (!removed.length) return err('bad_input', `This channel is not subscribed to ${events!.join(', ')} for ${label}; it gets ${before.events.join(', ')}.`);
    const remaining = await tx.subscriptions.removeEvents(k, events === null ? null : removed, now);
    await tx.audit.append(auditInput(who, 'subscription.removed', subscriptionTarget(k), { model: k.model, events: removed, now: remaining?.events ?? [] }), now);
    return ok({ removed, remaining });
  });
}
