import { z } from 'zod';
import { rolesOf } from '../../governance/domain/access.js';
import { err, ok } from '../../core/result.js';
import { whoFrom } from '../../governance/audit-who.js';
import { requestDeployment } from '../request-deployment.js';
import { modelArg, textFlag, versionArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { WAIT_ELSEWHERE } from './wait-elsewhere.js';
import { findModel } from '../../registry/find-model.js';

export const deployCommand = defineCommand({
  name: 'deploy',
  summary: 'Request a deployment: gates are evaluated and an approval card is posted (or it runs at once when the policy needs no approval).',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'version' }, { literal: 'to' }, { name: 'env', kind: 'environment' }],
  flags: [{ name: 'reason', value: 'TEXT', summary: 'why, shown to approvers' }],
  schema: z.object({ model: modelArg, version: versionArg, env: z.string(), reason: textFlag(500).optional() }).strict(),
  cliOnlyFlags: WAIT_ELSEWHERE,
  risk: 'write',
  envArg: 'env',
  examples: ['deploy fraud-detector 7 to production --reason "better recall on CNP fraud"'],
  async run(ctx, a) {
    const m = await findModel(ctx, a.model);
    if (!m.ok) return m;
    const r = await requestDeployment(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), {
      model: a.model,
      version: a.version,
      environment: a.env,
      kind: 'deploy',
      reason: a.reason ?? null,
      channel: { platform: ctx.channel.platform, channelId: ctx.channel.id, ...(ctx.channel.threadId ? { threadId: ctx.channel.threadId } : {}) },
    });
    if (!r.ok) return r;
    const card = await ctx.cards.render({ kind: 'deployment', id: String(r.value.deployment.id) });
    return card ? ok(card) : err('not_found', 'The request vanished; try again.');
  },
});
