import { z } from 'zod';
import { shortName } from '../domain/actor.js';
import { err, ok } from '../../core/result.js';
import { fmtTime, table, text } from '../../chat/replies/builders.js';
import { modelArg, wholeNumberArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { openLink } from '../../chat/page-link.js';
import { findModel } from '../../registry/find-model.js';

const summary = (d: Record<string, unknown>): string =>
  Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .slice(0, 4)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

export const auditCommand = defineCommand({
  name: 'audit',
  summary: 'Recent audit events (hash-chained; verify with `steward audit verify`), for one model or all.',
  syntax: [{ name: 'model', kind: 'model', optional: true }],
  flags: [{ name: 'limit', value: 'N', summary: 'how many (default 15)' }],
  schema: z.object({ model: modelArg.optional(), limit: wholeNumberArg(1, 200).default(15) }).strict(),
  risk: 'read',
  examples: ['audit fraud-detector --limit 20'],
  async run(ctx, a) {
    let events;
    if (a.model === 'verify' || a.model === 'export') {
      // the CLI's `steward audit verify|export`, typed in chat
      if (!(await ctx.store.read.models.byName(a.model))) return err('bad_input', `\`audit ${a.model}\` is a command of the steward CLI on the server (\`steward audit ${a.model}\`: it needs the audit key). Here, \`${ctx.prefix} audit [model]\` lists recent audit events.`);
    }
    if (a.model) {
      const m = await findModel(ctx, a.model);
      if (!m.ok) return m;
      const ids = (await ctx.store.read.deployments.history(m.value.id, undefined, 500)).map((d) => `deployment:${d.id}`);
      const byModel = await ctx.store.read.audit.recent({ target: `model:${a.model}`, limit: a.limit });
      const byDeploy = (await Promise.all(ids.slice(0, 50).map((t) => ctx.store.read.audit.recent({ target: t, limit: a.limit })))).flat();
      events = [...byModel, ...byDeploy].sort((x, y) => y.seq - x.seq).slice(0, a.limit);
    } else events = await ctx.store.read.audit.recent({ limit: a.limit });
    if (!events.length) return ok({ title: 'Audit', blocks: [text('No audit events yet.')], data: { events: [] } });
    return ok({
      title: `Audit${a.model ? `: ${a.model}` : ''}`,
      blocks: [table(['#', 'when', 'who', 'action', 'target', 'details'], events.map((e) => [String(e.seq), fmtTime(e.at), `@${shortName(e.actor)} (${e.platform})`, e.action, e.target, summary(e.details)]))],
      links: openLink(ctx.pageLinks, { kind: 'audit', ...(a.model ? { model: a.model } : {}) }),
      data: { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) },
    });
  },
});
