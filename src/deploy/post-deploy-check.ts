import type { Deps } from '../commands/command-context.js';
import type { Deployment } from '../core/deploy/deployment.js';
import type { PostDeployCheck } from '../core/governance/policy.js';
import { ok } from '../core/result.js';
import { text } from '../replies/builders.js';
import { auditInput } from '../usecases/audit-who.js';
import { SYSTEM_WHO } from '../usecases/claim-deployment.js';
import { planRollback } from '../usecases/plan-rollback.js';
import { requestDeployment } from '../usecases/request-deployment.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Probe the serving endpoint: healthy on the first expected status within `attempts` tries. */
export async function probeHealth(c: PostDeployCheck): Promise<{ ok: true } | { ok: false; reason: string }> {
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
 * After a successful deployment: run the environment's post-deploy check; on failure, audit it,
 * roll back on its own (no approval: Steward is restoring the last good version) and say why in the
 * channel the deployment was requested from.
 */
export async function afterSuccess(deps: Deps, d: Deployment): Promise<void> {
  const check = deps.config.policies[d.environment]?.postDeploy;
  if (!check || d.kind === 'rollback') return;
  const r = await probeHealth(check);
  if (r.ok) return;
  await deps.store.transaction(async (tx) => ok(await tx.audit.append(auditInput(SYSTEM_WHO, 'deploy.check_failed', `deployment:${d.id}`, { reason: r.reason, rollback: check.rollbackOnFailure }), deps.clock.now())));
  let line = `Post-deploy check failed for ${d.modelName} v${d.version} in ${d.environment}: ${r.reason}.`;
  if (check.rollbackOnFailure) {
    const model = await deps.store.read.models.byName(d.modelName);
    const plan = model ? await planRollback(deps.store.read, model, d.environment) : null;
    if (plan?.ok) {
      const rb = await requestDeployment(deps, SYSTEM_WHO, [], { model: d.modelName, version: plan.value.version, environment: d.environment, kind: 'rollback', reason: `automatic: post-deploy check failed (${r.reason})`, channel: d.requestChannel, rollbackOf: d.id, automatic: true });
      line += rb.ok ? ` Rolling back to v${plan.value.version} automatically (deployment #${rb.value.deployment.id}).` : ` Automatic rollback could not start: ${rb.error.message}`;
    } else line += ` No earlier version to roll back to${plan && !plan.ok ? `: ${plan.error.message}` : ''}.`;
  }
  deps.log.warn({ deployment: d.id, reason: r.reason }, 'post-deploy check failed');
  if (d.requestChannel) {
    await deps.publisher.post({ platform: d.requestChannel.platform as never, channelId: d.requestChannel.channelId, ...(d.requestChannel.threadId ? { threadId: d.requestChannel.threadId } : {}) }, { title: `Post-deploy check failed: ${d.modelName} in ${d.environment}`, tone: 'danger', blocks: [text(line)] });
  }
}
