import type { Deployment } from './domain/deployment.js';
import { shortName } from '../governance/domain/actor.js';
import { ago } from '../core/format.js';

/** "production is busy: deployment #12 of v7 started by @alice 2 min ago" */
export function busyMessage(d: Deployment, now: Date): string {
  const by = `@${shortName(d.requestedBy)}`;
  if (d.status === 'running') return `${d.environment} is busy: deployment #${d.id} of ${d.modelName} v${d.version} started by ${by} ${ago(d.startedAt ?? d.requestedAt, now)}. Wait for it to finish.`;
  if (d.status === 'approved') return `${d.environment} is busy: deployment #${d.id} of ${d.modelName} v${d.version} (requested by ${by} ${ago(d.requestedAt, now)}) is approved and about to run.`;
  return `${d.environment} already has request #${d.id} for ${d.modelName} v${d.version} awaiting approval (requested by ${by} ${ago(d.requestedAt, now)}); approve, reject or let it expire first.`;
}
