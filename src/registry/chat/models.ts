import { z } from 'zod';
import { ok } from '../../core/result.js';
import { table, text } from '../../chat/replies/builders.js';
import { defineCommand } from '../../chat/command-spec.js';
import { openLink } from '../../chat/page-link.js';

export const modelsCommand = defineCommand({
  name: 'models',
  summary: 'List registered models with their live version per environment.',
  syntax: [],
  schema: z.object({}).strict(),
  risk: 'read',
  examples: ['models'],
  async run(ctx) {
    const models = await ctx.store.read.models.list();
    if (!models.length) {
      return ok({ title: 'Models', blocks: [text(`No models registered yet. Register one with \`${ctx.prefix} register <model> <artifact-uri>\`.`)], data: { models: [] } });
    }
    const envs = ctx.config.environments;
    const rows: string[][] = [];
    const data = [];
    for (const m of models) {
      const live: Record<string, number | null> = {};
      for (const e of envs) live[e] = (await ctx.store.read.deployments.liveAt(m.id, e))?.version ?? null;
      rows.push([m.name, m.ownerTeam ?? '—', `v${m.latestVersion}`, ...envs.map((e) => (live[e] ? `v${live[e]}` : '—'))]);
      data.push({ name: m.name, description: m.description, ownerTeam: m.ownerTeam, tags: m.tags, latestVersion: m.latestVersion, live });
    }
    return ok({ title: `Models (${models.length})`, blocks: [table(['model', 'team', 'latest', ...envs], rows)], links: openLink(ctx.pageLinks, { kind: 'models' }), data: { models: data } });
  },
});
