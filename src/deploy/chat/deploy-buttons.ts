import { can, rolesOf } from '../../governance/domain/access.js';
import { err, ok } from '../../core/result.js';
import { whoFrom } from '../../governance/audit-who.js';
import { requestDeployment } from '../request-deployment.js';
import { rollback } from './rollback.js';
import type { ActionHandler } from '../../chat/action-handler.js';

const load = async (ctx: Parameters<ActionHandler>[0], raw: string) => (/^\d{1,9}$/.test(raw) ? ctx.store.read.deployments.byId(Number(raw)) : null);

/** [Rollback to vN] on a succeeded deployment: restore what was live before it. Re-authorized at click time. */
export const rollbackAction: ActionHandler = async (ctx, p) => {
  const d = await load(ctx, p.id);
  if (!d) return err('not_found', `There is no deployment #${p.id}.`);
  if (!can(ctx.actor, 'rollback', 'destructive', d.environment, ctx.config.access)) return err('forbidden', `Rolling back in ${d.environment} needs a role that grants rollback:${d.environment}.`);
  const before = await ctx.store.read.deployments.liveAt(d.modelId, d.environment, d.requestedAt);
  if (!before || before.id === d.id) return err('conflict', `Nothing was live in ${d.environment} before deployment #${d.id}; name a version with /mlops rollback ${d.modelName} in ${d.environment} to <version>.`);
  if (d.status === 'failed') {
    // restore the last good version on the target, even though the records still call it live
    const r = await requestDeployment(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), {
      model: d.modelName,
      version: before.version,
      environment: d.environment,
      kind: 'rollback',
      reason: `restore v${before.version} after failed deployment #${d.id}`,
      channel: d.requestChannel ?? { platform: ctx.channel.platform, channelId: ctx.channel.id },
      rollbackOf: d.id,
    });
    if (!r.ok) return r;
    const card = await ctx.cards.render({ kind: 'deployment', id: String(r.value.deployment.id) });
    return card ? ok(card) : err('not_found', 'The rollback vanished; try again.');
  }
  if (d.status !== 'succeeded') return err('conflict', `Deployment #${d.id} is ${d.status}; only a finished deployment can be rolled back.`);
  return rollback(ctx, d.modelName, d.environment, before.version, `rollback of deployment #${d.id}`);
};

/** [Retry] on a failed deployment: a new request for the same version (the policy decides approval). */
export const retryAction: ActionHandler = async (ctx, p) => {
  const d = await load(ctx, p.id);
  if (!d) return err('not_found', `There is no deployment #${p.id}.`);
  if (d.status !== 'failed') return err('conflict', `Deployment #${d.id} is ${d.status}; only a failed one can be retried.`);
  const verb = d.kind === 'rollback' ? 'rollback' : 'deploy';
  if (!can(ctx.actor, verb, d.kind === 'rollback' ? 'destructive' : 'write', d.environment, ctx.config.access)) return err('forbidden', `Retrying needs permission to ${verb} in ${d.environment}.`);
  const r = await requestDeployment(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), {
    model: d.modelName,
    version: d.version,
    environment: d.environment,
    kind: d.kind,
    reason: `retry of deployment #${d.id}`,
    channel: d.requestChannel ?? { platform: ctx.channel.platform, channelId: ctx.channel.id },
    rollbackOf: d.rollbackOf,
  });
  if (!r.ok) return r;
  const card = await ctx.cards.render({ kind: 'deployment', id: String(r.value.deployment.id) });
  return card ? ok(card) : err('not_found', 'The retry vanished; try again.');
};
