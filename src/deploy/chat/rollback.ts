import { z } from 'zod';
import { rolesOf } from '../../governance/domain/access.js';
import { err, ok } from '../../core/result.js';
import { whoFrom } from '../../governance/audit-who.js';
import { planRollback } from '../plan-rollback.js';
import { requestDeployment } from '../request-deployment.js';
import { modelArg, textFlag, versionArg } from '../../chat/arg-schemas.js';
import type { CommandContext } from '../../chat/command-context.js';
import { defineCommand } from '../../chat/command-spec.js';
import { WAIT_ELSEWHERE } from './wait-elsewhere.js';
import { findModel } from '../../registry/find-model.js';

/** Shared by the command and the card's [Rollback] button. */
export async function rollback(ctx: CommandContext, model: string, env: string, toVersion: number | undefined, reason: string | null) {
  const m = await findModel(ctx, model);
  if (!m.ok) return m;
  const plan = await planRollback(ctx.store.read, m.value, env, toVersion);
  if (!plan.ok) return plan;
  const r = await requestDeployment(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), {
    model,
    version: plan.value.version,
    environment: env,
    kind: 'rollback',
    reason: reason ?? `roll back from v${plan.value.live.version}`,
    channel: { platform: ctx.channel.platform, channelId: ctx.channel.id },
    rollbackOf: plan.value.live.id,
  });
  if (!r.ok) return r;
  const card = await ctx.cards.render({ kind: 'deployment', id: String(r.value.deployment.id) });
  return card ? ok(card) : err('not_found', 'The rollback request vanished; try again.');
}

export const rollbackCommand = defineCommand({
  name: 'rollback',
  summary: 'Roll back to the previous live version (from history, skipping failed deployments) or to a named version; the policy decides whether it needs approval.',
  syntax: [{ name: 'model', kind: 'model' }, { literal: 'in' }, { name: 'env', kind: 'environment' }, { literal: 'to', optional: true }, { name: 'version' }],
  flags: [{ name: 'reason', value: 'TEXT', summary: 'why, shown on the card and in the audit log' }],
  schema: z.object({ model: modelArg, env: z.string(), version: versionArg.optional(), reason: textFlag(500).optional() }).strict(),
  cliOnlyFlags: WAIT_ELSEWHERE,
  risk: 'destructive',
  envArg: 'env',
  examples: ['rollback fraud-detector in production', 'rollback fraud-detector in production to 5 --reason "latency spike"'],
  run: (ctx, a) => rollback(ctx, a.model, a.env, a.version, a.reason ?? null),
});
