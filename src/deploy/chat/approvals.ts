import { z } from 'zod';
import { awaitingStatus, gateBlock, tally } from '../domain/approval-rules.js';
import { ok } from '../../core/result.js';
import { ago, fmtTime, table, text } from '../../chat/replies/builders.js';
import { defineCommand } from '../../chat/command-spec.js';
import { who } from '../../chat/present.js';

export const approvalsCommand = defineCommand({
  name: 'approvals',
  summary: 'List deployment requests awaiting approval, with their gates and how many approvals they still need.',
  syntax: [],
  schema: z.object({}).strict(),
  risk: 'read',
  examples: ['approvals'],
  async run(ctx) {
    const now = ctx.clock.now();
    const pending = (await ctx.store.read.deployments.open({ statuses: ['awaiting_approval'] })).filter((d) => !d.expiresAt || d.expiresAt > now);
    if (!pending.length) return ok({ title: 'Approvals', blocks: [text('Nothing is waiting for approval.')], data: { pending: [] } });
    const rows: string[][] = [];
    const data = [];
    for (const d of pending) {
      const t = tally(d, await ctx.store.read.decisions.list(d.id));
      const failed = d.gates.filter((g) => !g.passed).length;
      const gates = !d.gates.length ? '—' : !failed ? 'pass' : `${failed} failed${t.gatesOk ? ' (advisory)' : t.overrideBy ? ', overridden' : ''}`;
      const blocked = gateBlock(d, t);
      const status = awaitingStatus(d, t);
      rows.push([`#${d.id}`, `${d.modelName} v${d.version}`, d.environment, who(d.requestedBy), ago(d.requestedAt, now), `${t.approvers.length}/${d.requiredApprovals}`, gates, status, fmtTime(d.expiresAt)]);
      data.push({ id: d.id, model: d.modelName, version: d.version, environment: d.environment, requestedBy: d.requestedBy, approvals: t.approvers, needed: d.requiredApprovals, gatesPassed: t.gatesOk, blocked: blocked !== null, status, expiresAt: d.expiresAt?.toISOString() ?? null });
    }
    return ok({ title: `Awaiting approval (${pending.length})`, blocks: [table(['request', 'change', 'env', 'by', 'when', 'approvals', 'gates', 'status', 'expires'], rows), text(`Approve with \`${ctx.prefix} approve <request>\`, reject with \`${ctx.prefix} reject <request> <reason>\`.${data.some((x) => x.blocked) ? ` A blocked request goes ahead only after \`${ctx.prefix} override <request> <reason>\` and an override role's approval.` : ''}`)], data: { pending: data } });
  },
});
