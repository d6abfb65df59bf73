import type { Deps } from '../../chat/command-context.js';
import type { Deployment } from '../domain/deployment.js';
import type { LifecycleEventType } from '../../notify/events.js';
import { publishEvent } from '../../notify/publish-event.js';

/** Tell subscribed channels about a deployment's step (after the change has committed). Never throws. */
export async function announce(deps: Deps, d: Deployment, type: LifecycleEventType, actor?: string): Promise<void> {
  const reply = type === 'approval_requested' ? await deps.cards.render({ kind: 'deployment', id: String(d.id) }) : null;
  await publishEvent(deps, {
    type,
    model: d.modelName,
    version: d.version,
    environment: d.environment,
    actor: actor ?? d.requestedBy,
    deploymentId: d.id,
    ...(d.reason && (type === 'rejected' || type === 'deploy_failed') ? { text: d.reason } : {}),
    ...(reply ? { reply } : {}),
    ...(type === 'approval_requested' && d.requestChannel ? { skipChannel: d.requestChannel } : {}),
  });
}

/** The event a finished deployment is announced as. */
export const finishedEvent = (d: Deployment): LifecycleEventType => (d.status === 'failed' ? 'deploy_failed' : d.kind === 'rollback' ? 'rolled_back' : 'deployed');
