import { z } from 'zod';
import { describeFreeze } from '../domain/freeze.js';
import type { Policy } from '../domain/policy.js';
import { ok } from '../../core/result.js';
import { context, fields, text } from '../../chat/replies/builders.js';
import type { Block } from '../../chat/replies/reply.js';
import { defineCommand } from '../../chat/command-spec.js';

const hours = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`);

function gateLines(p: Policy): string[] {
  const g = p.gates;
  const b = (min?: number, max?: number) => [min !== undefined ? `≥ ${min}` : '', max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(' and ');
  return [
    ...g.metrics.map((m) => `metric ${m.metric} ${b(m.min, m.max)}`),
    ...g.noRegression.map((m) => `no regression: ${m.metric} ${m.maxDrop !== undefined ? `may drop at most ${m.maxDrop}` : `may rise at most ${m.maxIncrease}`} vs live`),
    ...g.fairness.map((m) => `fairness ${m.metric} ${b(m.min, m.max)}`),
    ...(g.drift ? [`drift: at most ${g.drift.maxShare * 100}% of features drifted`] : []),
    ...(g.modelCard ? [`model card must have ${g.modelCard.required.join(', ')}`] : []),
  ];
}

export const policyCommand = defineCommand({
  name: 'policy',
  summary: 'Show the policy in force for one environment or all: approvals, approvers, expiry, gates, freeze windows.',
  syntax: [{ name: 'env', kind: 'environment', optional: true }],
  schema: z.object({ env: z.string().optional() }).strict(),
  risk: 'read',
  examples: ['policy production'],
  async run(ctx, a) {
    const envs = a.env ? [a.env] : [...ctx.config.environments];
    const blocks: Block[] = [];
    for (const e of envs) {
      const p = ctx.config.policies[e]!;
      const gates = gateLines(p);
      blocks.push(
        text(`**${e}**`),
        fields({
          Approvals: p.approvals === 0 ? 'none needed' : `${p.approvals} from ${p.approverRoles.join(' or ')}${p.allowSelfApproval ? ' (self-approval allowed)' : ', not the requester'}`,
          Expiry: hours(p.expiryMs),
          Gates: gates.length ? gates.join('; ') : 'none',
          'Override of failed gates': `one extra approval from ${p.overrideRoles.join(' or ') || 'nobody (not possible)'}`,
          'Freeze windows': p.freezeWindows.length ? p.freezeWindows.map(describeFreeze).join('; ') : 'none',
          'No approval needed for': [p.noApproval.deploy.length ? `deploy by ${p.noApproval.deploy.join(', ')}` : '', p.noApproval.rollback.length ? `rollback by ${p.noApproval.rollback.join(', ')}` : ''].filter(Boolean).join('; ') || '—',
        }),
      );
    }
    blocks.push(context(ctx.config.configFile ? `From ${ctx.config.configFile} (policies live in the file, reviewed in git).` : 'Built-in defaults: no steward.yaml found.'));
    return ok({ title: a.env ? `Policy: ${a.env}` : 'Policies', blocks, data: { policies: Object.fromEntries(envs.map((e) => [e, ctx.config.policies[e]])) } });
  },
});
