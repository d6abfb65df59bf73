import { shortName } from '../../governance/domain/actor.js';
import { context, text } from '../../chat/replies/builders.js';
import type { Reply, Tone } from '../../chat/replies/reply.js';
import type { LifecycleEvent, LifecycleEventType } from '../events.js';

const TITLE: Record<LifecycleEventType, (e: LifecycleEvent) => string> = {
  registered: (e) => `${e.model}${v(e)} registered`,
  approval_requested: (e) => `Approval requested: ${e.model}${v(e)}${to(e)}`,
  approved: (e) => `Approved: ${e.model}${v(e)}${to(e)}`,
  rejected: (e) => `Rejected: ${e.model}${v(e)}${to(e)}`,
  deployed: (e) => `Deployed: ${e.model}${v(e)}${to(e)}`,
  deploy_failed: (e) => `Deploy failed: ${e.model}${v(e)}${to(e)}`,
  rolled_back: (e) => `Rolled back: ${e.model}${e.environment ? ` in ${e.environment}` : ''}${e.version ? ` to v${e.version}` : ''}`,
  out_of_band: (e) => `Changed outside Steward: ${e.model}${e.environment ? ` in ${e.environment}` : ''}`,
};
const TONE: Record<LifecycleEventType, Tone> = {
  registered: 'info',
  approval_requested: 'info',
  approved: 'success',
  rejected: 'warning',
  deployed: 'success',
  deploy_failed: 'danger',
  rolled_back: 'warning',
  out_of_band: 'danger',
};
const v = (e: LifecycleEvent) => (e.version ? ` v${e.version}` : '');
const to = (e: LifecycleEvent) => (e.environment ? ` → ${e.environment}` : '');

/** The default message for a lifecycle event in a subscribed channel. Pure. */
export function lifecycleReply(e: LifecycleEvent, prefix = '/mlops'): Reply {
  const by = e.actor ? `by ${shortName(e.actor)} · ` : '';
  return {
    title: TITLE[e.type](e),
    tone: TONE[e.type],
    blocks: [...(e.text ? [text(e.text)] : []), context(`${by}sent because this channel subscribed to ${e.type} events (\`${prefix} unsubscribe\` stops them)`)],
    data: { event: e.type, model: e.model, version: e.version ?? null, environment: e.environment ?? null, deployment: e.deploymentId ?? null },
  };
}
