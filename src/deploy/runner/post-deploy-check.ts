import type { Config } from '../../config/config.js';
import type { Logger } from '../../ports/logger.js';
import type { ChatPublisher } from '../../chat/replies/publisher.js';
import { type Deployment, eventRef } from '../domain/deployment.js';
import { ok } from '../../core/result.js';
import { text } from '../../chat/replies/builders.js';
import { auditInput } from '../../governance/audit-who.js';
import { SYSTEM_WHO } from '../claim-deployment.js';
import { planRollback } from '../plan-rollback.js';
import { type RequestPorts, requestDeployment } from '../request-deployment.js';

/** What the post-deploy checks use: the policies, the store, chat (to say what happened), and what an automatic rollback request needs. */
export interface PostDeployPorts extends RequestPorts {
  readonly config: Pick<Config, 'environments' | 'policies' | 'monitoring'>;
  readonly log: Logger;
  readonly publisher: Pick<ChatPublisher, 'post'>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Probe the serving endpoint: healthy on the first expected status within `attempts` tries. */
export async function probeHealth(c: { healthUrl: string; expectStatus: number; timeoutMs: number; attempts: number; intervalMs: number }): Promise<{ ok: true } | { ok: false; reason: string }> {
  let last = '';
  for (let i = 1; i <= c.attempts; i++) {
    try {
      const res = await fetch(c.healthUrl, { signal: AbortSignal.timeout(c.timeoutMs), redirect: 'manual' });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === c.expectStatus) return { ok: true };
      last = `GET ${c.healthUrl} answered ${res.status}, expected ${c.expectStatus}`;
    } catch (e) {
      last = `GET ${c.healthUrl} failed: ${e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${c.timeoutMs} ms` : e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e)}`;
    }
    if (i < c.attempts) await sleep(c.intervalMs);
  }
  return { ok: false, reason: `${last} (${c.attempts} attempt${c.attempts === 1 ? '' : 's'})` };
}

/**
 * A post-deploy check failed: audit it, roll back on its own when the policy says so (Steward
 * restores the last good version: no approval, no freeze, the gates only advisory), and say why in
 * the channel the deployment came from.
 */
export async function reportFailedCheck(deps: PostDeployPorts, d: Deployment, reason: string, rollback: boolean): Promise<void> {
  await deps.store.transaction(async (tx) => ok(await tx.audit.append(auditInput(SYSTEM_WHO, 'deploy.check_failed', `deployment:${d.id}`, { reason, rollback }), deps.clock.now())));
  let line = `Post-deploy check failed for ${d.modelName} v${d.version} in ${d.environment}: ${reason}.`;
  if (rollback) {
    const model = await deps.store.read.models.byName(d.modelName);
    const plan = model ? await planRollback(deps.store.read, model, d.environment) : null;
    if (plan?.ok && (await deps.store.read.deployments.liveAt(d.modelId, d.environment))?.id === d.id) {
      const rb = await requestDeployment(deps, SYSTEM_WHO, [], { model: d.modelName, version: plan.value.version, environment: d.environment, kind: 'rollback', reason: `automatic rollback: the post-deploy check of deployment #${d.id} failed (${reason})`, channel: d.requestChannel, rollbackOf: d.id, automatic: true });
      line += rb.ok ? ` Rolling back to v${plan.value.version} automatically (deployment #${rb.value.deployment.id}).` : ` Automatic rollback could not start: ${rb.error.message}`;
    } else if (plan && !plan.ok) line += ` No earlier version to roll back to: ${plan.error.message}`;
    else line += ' It is no longer the live version, so nothing was rolled back.';
  }
  deps.log.warn({ deployment: d.id, reason }, 'post-deploy check failed');
  await say(deps, d, `Post-deploy check failed: ${d.modelName} in ${d.environment}`, 'danger', line);
}

export async function say(deps: Pick<PostDeployPorts, 'publisher'>, d: Deployment, title: string, tone: 'danger' | 'warning' | 'success', line: string): Promise<void> {
  if (!d.requestChannel) return;
  await deps.publisher.post({ platform: d.requestChannel.platform as never, channelId: d.requestChannel.channelId, ...(d.requestChannel.threadId ? { threadId: d.requestChannel.threadId } : {}) }, { title, tone, blocks: [text(line)] });
}

/**
 * After a successful deployment: probe the health URL at once; if the policy also judges the first
 * logged predictions, mark the deployment as waiting for them (checkPredictionGates does the rest).
 */
export async function afterSuccess(deps: PostDeployPorts, d: Deployment): Promise<void> {
  const check = deps.config.policies[d.environment]?.postDeploy;
  if (!check || d.kind === 'rollback') return;
  if (check.healthUrl) {
    const r = await probeHealth({ ...check, healthUrl: check.healthUrl });
    if (!r.ok) return reportFailedCheck(deps, d, r.reason, check.rollbackOnFailure);
  }
  if (check.predictions) {
    const p = check.predictions;
    await deps.store.transaction(async (tx) => {
      tx.emit({ type: 'deployment.updated', ...eventRef(await tx.deployments.update(d.id, { postCheck: 'pending', postCheckDetail: `waiting for the first ${p.count} predictions` })) });
      return ok(undefined);
    });
  }
}
