import { z } from 'zod';
import { ok } from '../../core/result.js';
import { fmtTime, table, text } from '../../chat/replies/builders.js';
import { modelArg, wholeNumberArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { openLink } from '../../chat/page-link.js';
import { findModel } from '../find-model.js';
import { metricsText, shortSha, versionData, who } from '../../chat/present.js';

export const versionsCommand = defineCommand({
  name: 'versions',
  summary: 'List the versions of a model, newest first, with digest, metrics and lineage.',
  syntax: [{ name: 'model', kind: 'model' }],
  flags: [{ name: 'limit', value: 'N', summary: 'how many (default 20)' }],
  schema: z.object({ model: modelArg, limit: wholeNumberArg(1, 1000).default(20) }).strict(),
  risk: 'read',
  examples: ['versions fraud-detector --limit 5'],
  async run(ctx, a) {
    const m = await findModel(ctx, a.model);
    if (!m.ok) return m;
    const versions = await ctx.store.read.versions.list(m.value.id, a.limit);
    if (!versions.length) return ok({ title: `${a.model}: no versions`, blocks: [text('No versions registered.')], data: { model: a.model, versions: [] } });
    const gone = new Set((await ctx.store.read.mirror.versions(m.value.id)).filter((x) => x.deletedAt !== null).map((x) => x.version));
    const rows = versions.map((v) => [`v${v.version}${gone.has(v.version) ? ' (deleted in MLflow)' : ''}`, fmtTime(v.createdAt), who(v.createdBy), shortSha(v.sha256), metricsText(v.metrics), v.codeCommit?.slice(0, 7) ?? '—']);
    const more = m.value.latestVersion - versions.length;
    return ok({
      title: `${m.value.name} versions`,
      blocks: [table(['version', 'registered', 'by', 'sha256', 'metrics', 'commit'], rows, more > 0 ? more : undefined)],
      links: openLink(ctx.pageLinks, { kind: 'model', model: m.value.name }),
      data: { model: m.value.name, versions: versions.map(versionData) },
    });
  },
});
