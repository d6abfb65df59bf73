import { z } from 'zod';
import { ok } from '../../core/result.js';
import { fmtTime, table, text } from '../../chat/replies/builders.js';
import { modelArg, wholeNumberArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { findModel } from '../../registry/find-model.js';
import { deploymentData, duration, who } from '../../chat/present.js';

export const historyCommand = defineCommand({
  name: 'history',
  summary: 'Deployment history of a model: who deployed which version where and when, with the outcome.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment', optional: true }],
  flags: [{ name: 'limit', value: 'N', summary: 'how many (default 20)' }],
  schema: z.object({ model: modelArg, env: z.string().optional(), limit: wholeNumberArg(1, 500).default(20) }).strict(),
  risk: 'read',
  examples: ['history fraud-detector production --limit 10'],
  async run(ctx, a) {
    const m = await findModel(ctx, a.model);
    if (!m.ok) return m;
    const rows = await ctx.store.read.deployments.history(m.value.id, a.env, a.limit);
    const title = `${m.value.name} deployments${a.env ? ` in ${a.env}` : ''}`;
    if (!rows.length) return ok({ title, blocks: [text('No deployments yet.')], data: { model: a.model, deployments: [] } });
    return ok({
      title,
      blocks: [
        table(
          ['#', 'when', 'env', 'version', 'kind', 'outcome', 'requested by', 'approved by', 'target', 'duration'],
          rows.map((d) => [
            String(d.id),
            fmtTime(d.finishedAt ?? d.startedAt ?? d.requestedAt),
            d.environment,
            `v${d.version}`,
            d.kind,
            d.status,
            who(d.requestedBy),
            d.approvedBy.length ? d.approvedBy.map(who).join(', ') : '—',
            d.target ?? '—',
            duration(d),
          ]),
        ),
      ],
      data: { model: m.value.name, deployments: rows.map(deploymentData) },
    });
  },
});
