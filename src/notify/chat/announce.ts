import type { DomainEvent } from '../../core/events.js';
import type { ChatPublisher } from '../../chat/replies/publisher.js';
import type { Reply } from '../../chat/replies/reply.js';
import type { LiveCards } from '../../ports/live-cards.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { channelsOf, deliverToChannels } from './deliver.js';
import { lifecycleReply } from './event-reply.js';
import type { Delivery, LifecycleEvent, LifecycleEventType } from '../events.js';

/** What announcing needs: who subscribed (and the deployment, for its card and reason), chat, live cards. */
export interface AnnouncePorts {
  readonly store: Pick<Store, 'read'>;
  readonly publisher: Pick<ChatPublisher, 'post'>;
  readonly cards: Pick<LiveCards, 'render' | 'track'>;
  readonly log: Logger;
}

/** The subscription event a domain event is announced as, if any. */
export function subscriptionEventOf(e: DomainEvent): LifecycleEventType | null {
  switch (e.type) {
    case 'version.registered':
      return 'registered';
    case 'deployment.requested':
      return e.awaitingApproval ? 'approval_requested' : null;
    case 'deployment.approved':
      return 'approved';
    case 'deployment.rejected':
      return 'rejected';
    case 'deployment.finished':
      return e.status === 'failed' ? 'deploy_failed' : e.kind === 'rollback' ? 'rolled_back' : 'deployed';
    case 'registry.out_of_band':
    case 'registry.reverted':
      return 'out_of_band';
    case 'deployment.updated':
    case 'alert.acknowledged':
    case 'training.requested':
    case 'training.approved':
    case 'training.finished':
    case 'training.updated':
      return null;
  }
}

const NONE: Delivery = { channels: 0, delivered: 0, suppressed: false, alertId: null, failures: [] };

/**
 * Tell the channels subscribed to an event's model (or *) what happened, after it committed. Nothing
 * is read or rendered beyond the subscriptions when nobody subscribed. An approval request is posted
 * as its live card (tracked, so every later change updates these copies too), except in the channel
 * it was requested from, which already shows it. Never throws: a problem is logged and reported.
 */
export async function announce(p: AnnouncePorts, e: DomainEvent): Promise<Delivery> {
  const type = subscriptionEventOf(e);
  if (!type) return NONE;
  try {
    let channels = channelsOf(await p.store.read.subscriptions.matching(e.model, type));
    if (!channels.length) return NONE;
    const d = 'deploymentId' in e ? await p.store.read.deployments.byId(e.deploymentId) : null;
    const from = type === 'approval_requested' ? d?.requestChannel : null;
    if (from) channels = channels.filter((c) => c.platform !== from.platform || c.channelId !== from.channelId);
    if (!channels.length) return NONE;
    const card = type === 'approval_requested' && d ? await p.cards.render({ kind: 'deployment', id: String(d.id) }) : null;
    const reply: Reply = card ?? lifecycleReply(lifecycleEvent(e, type, d?.reason ?? null));
    const sent = await deliverToChannels(p, channels, reply);
    if (reply.card) for (const ref of sent.delivered) await p.cards.track(reply.card, ref);
    return { channels: channels.length, delivered: sent.delivered.length, suppressed: false, alertId: null, failures: sent.failures };
  } catch (err) {
    p.log.error({ err, event: e.type, model: e.model }, 'announcing an event failed');
    return { ...NONE, failures: [err instanceof Error ? err.message : String(err)] };
  }
}

function lifecycleEvent(e: DomainEvent, type: LifecycleEventType, reason: string | null): LifecycleEvent {
  if (e.type === 'version.registered') return { type, model: e.model, version: e.version, actor: e.actor, text: `Artifact \`${e.artifactUri}\`` };
  if (e.type === 'registry.out_of_band') return { type, model: e.model, version: e.version ?? undefined, environment: e.environment, actor: e.actor, text: outOfBandText(e) };
  if (e.type === 'registry.reverted') return { type, model: e.model, version: e.version ?? undefined, environment: e.environment, actor: 'system:steward', text: e.message };
  if (!('deploymentId' in e)) return { type, model: e.model };
  const actor = 'actor' in e ? e.actor : 'system:steward';
  const text = reason && (type === 'rejected' || type === 'deploy_failed') ? { text: reason } : {};
  return { type, model: e.model, version: e.version, environment: e.environment, actor, deploymentId: e.deploymentId, ...text };
}

function outOfBandText(e: Extract<DomainEvent, { type: 'registry.out_of_band' }>): string {
  const moved = e.version === null ? `Alias \`${e.alias}\` was deleted in MLflow` : `Alias \`${e.alias}\` was moved to v${e.version} in MLflow`;
  const approved = e.approved === null ? 'Steward approved no version there' : `Steward approved v${e.approved}`;
  const next = e.action === 'accept' ? 'recorded as a deployment (policy outOfBand: accept).' : e.action === 'revert' ? `pointing it back to ${e.approved === null ? 'no version' : `v${e.approved}`} (policy outOfBand: revert).` : `not through Steward's approvals: deploy or roll back through Steward to make it right (policy outOfBand: alert).`;
  return `${moved}, outside Steward; ${approved}. ${next}`;
}
