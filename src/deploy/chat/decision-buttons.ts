import { can, rolesOf } from '../../governance/domain/access.js';
import { gateBlock, who } from '../domain/approval-rules.js';
import { failedGatesLabel } from '../../governance/domain/gates.js';
import { err, ok, type Result } from '../../core/result.js';
import { text } from '../../chat/replies/builders.js';
import type { Reply } from '../../chat/replies/reply.js';
import { whoFrom } from '../../governance/audit-who.js';
import { decideDeployment } from '../decide-deployment.js';
import { requestOverride } from '../request-override.js';
import type { CommandContext } from '../../chat/command-context.js';
import type { ActionHandler } from '../../chat/action-handler.js';

const parseId = (raw: string): number | null => (/^\d{1,9}$/.test(raw) ? Number(raw) : null);

/**
 * Record a decision (its effects — the card updated everywhere it was posted — follow the commit) and return the card as it now is —
 * or, when an approval leaves the request blocked by failed gates, tell the approver at once (only
 * them) which gates, with their numbers, and what unblocks it.
 */
export async function decide(ctx: CommandContext, rawId: string, kind: 'approve' | 'reject' | 'override', reason: string | null): Promise<Result<Reply>> {
  const id = parseId(rawId);
  if (id === null) return err('bad_input', `\`${rawId}\` is not a request id; ids are numbers, see /mlops approvals.`);
  const r = await decideDeployment(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), { id, kind, reason });
  if (!r.ok) return r;
  const card = { kind: 'deployment' as const, id: String(id) };
  if (r.value.expired) return err('expired', `Request #${id} expired at ${r.value.deployment.expiresAt?.toISOString().slice(0, 16).replace('T', ' ')} UTC without a quorum; ask for a new one with /mlops deploy.`);
  const now = await ctx.cards.render(card);
  if (!now) return err('not_found', `Request #${id} is gone.`);
  const d = r.value.deployment;
  const t = r.value.tally;
  const blocked = kind === 'approve' && t && d.status === 'awaiting_approval' ? gateBlock(d, t) : null;
  if (!blocked || !t) return ok(now);
  const roles = ctx.config.policies[d.environment]?.overrideRoles ?? [];
  const roleList = roles.map((x) => `\`${x}\``).join(' or ');
  const unblock = !roles.length
    ? `No override role is configured for ${d.environment}, so no override can unblock it: register a version that passes the gates and request that one.`
    : d.overrideRequestedBy
      ? `An override was requested by ${who(d.overrideRequestedBy)}${d.overrideReason ? ` (“${d.overrideReason}”)` : ''}; it goes ahead once someone with the role ${roleList} approves the override: \`${ctx.prefix} approve ${id} --override\`.`
      : `To unblock it, someone who may deploy to ${d.environment} asks for an override — \`${ctx.prefix} override ${id} <reason>\` — and then someone with the role ${roleList} approves it: \`${ctx.prefix} approve ${id} --override\`.`;
  return ok({
    title: `Request #${id} stays blocked`,
    tone: 'warning',
    ephemeral: true,
    blocks: [
      text(`Your approval is recorded (${t.approvers.length} of ${t.needed}), but request #${id} (${d.modelName} v${d.version} to ${d.environment}) stays blocked by ${failedGatesLabel(blocked.failed.length)}:\n${blocked.failed.map((g) => `✗ ${g.explanation}`).join('\n')}`),
      text(unblock),
    ],
    data: { ...(now.data as Record<string, unknown>), blockedBy: blocked.failed.map((g) => ({ gate: g.name, value: g.value, threshold: g.threshold, explanation: g.explanation })) },
  });
}

export async function askOverride(ctx: CommandContext, rawId: string, reason: string): Promise<Result<Reply>> {
  const id = parseId(rawId);
  if (id === null) return err('bad_input', `\`${rawId}\` is not a request id; ids are numbers, see /mlops approvals.`);
  const d = await ctx.store.read.deployments.byId(id);
  if (!d) return err('not_found', `There is no deployment request #${id}.`);
  // Asking for an override is part of deploying: it takes the deploy grant for that environment.
  if (!can(ctx.actor, 'deploy', 'write', d.environment, ctx.config.access)) return err('forbidden', `Requesting an override needs permission to deploy to ${d.environment}.`);
  const r = await requestOverride(ctx, whoFrom(ctx.actor, ctx.channel.id), { id, reason });
  if (!r.ok) return r;
  const now = await ctx.cards.render({ kind: 'deployment', id: String(id) });
  return now ? ok(now) : err('not_found', `Request #${id} is gone.`);
}

export const approveAction: ActionHandler = (ctx, p) => decide(ctx, p.id, 'approve', null);
export const overrideApproveAction: ActionHandler = (ctx, p) => decide(ctx, p.id, 'override', null);
export const rejectAction: ActionHandler = async (ctx, p, input) => {
  if (!input || input.trim().length < 3) return err('bad_input', `Rejecting needs a reason: use \`${ctx.prefix} reject ${p.id} <reason>\`.`);
  return decide(ctx, p.id, 'reject', input.trim());
};
export const overrideAction: ActionHandler = async (ctx, p, input) => {
  if (!input || input.trim().length < 3) return err('bad_input', `An override needs a reason: use \`${ctx.prefix} override ${p.id} <reason>\`.`);
  return askOverride(ctx, p.id, input.trim());
};
