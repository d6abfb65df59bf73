import { z } from 'zod';
import type { Model } from '../../registry/domain/model.js';
import { err, ok } from '../../core/result.js';
import { fmtTime, table, text } from '../../chat/replies/builders.js';
import { modelArg } from '../../chat/arg-schemas.js';
import type { CommandContext } from '../../chat/command-context.js';
import { defineCommand } from '../../chat/command-spec.js';
import { findModel } from '../../registry/find-model.js';
import { who } from '../../chat/present.js';

const atFlag = z.string().transform((s, c) => {
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) {
    c.addIssue({ code: 'custom', message: `\`${s}\` is not an ISO time; use e.g. 2026-11-20T14:00Z` });
    return z.NEVER;
  }
  return d;
});

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'What is live in each environment (for one model or all), since when and who put it there; --at answers for a past time.',
  syntax: [{ name: 'model', kind: 'model', optional: true }],
  flags: [{ name: 'at', value: 'ISO-TIME', summary: 'answer for a past moment, e.g. 2026-11-20T14:00Z' }],
  schema: z.object({ model: modelArg.optional(), at: atFlag.optional() }).strict(),
  risk: 'read',
  examples: ['status fraud-detector', 'status --at 2026-11-20T14:00Z'],
  async run(ctx, a) {
    let models: Model[];
    if (a.model) {
      const m = await findModel(ctx, a.model);
      if (!m.ok) return m;
      models = [m.value];
    } else models = await ctx.store.read.models.list();
    if (a.at && a.at.getTime() > ctx.clock.now().getTime()) return err('bad_input', '--at is in the future; give a past time.');
    if (!models.length) return ok({ title: 'Status', blocks: [text('No models registered yet.')], data: { models: [] } });
    const rows: string[][] = [];
    const data = [];
    for (const m of models) for (const r of await liveRows(ctx, m, a.at)) {
      const state = [r.lock ? `locked by ${who(r.lock.by)}: ${r.lock.reason}` : '', r.inProgress ? `#${r.inProgress.id} v${r.inProgress.version} ${r.inProgress.status.replace('_', ' ')}` : ''].filter(Boolean).join('; ');
      rows.push([m.name, r.environment, r.version ? `v${r.version}` : '—', r.since ? fmtTime(new Date(r.since)) : '—', r.by ? who(r.by) : '—', r.deploymentId ? `#${r.deploymentId}` : '—', state || '—']);
      data.push({ model: m.name, ...r });
    }
    return ok({
      title: a.at ? `Live at ${fmtTime(a.at)}` : 'Live now',
      blocks: [table(['model', 'env', 'version', 'since', 'deployed by', 'deployment', 'lock / in progress'], rows)],
      data: { at: (a.at ?? ctx.clock.now()).toISOString(), live: data },
    });
  },
});

async function liveRows(ctx: CommandContext, m: Model, at: Date | undefined) {
  const out = [];
  for (const environment of ctx.config.environments) {
    const d = await ctx.store.read.deployments.liveAt(m.id, environment, at);
    const lock = at ? null : await ctx.store.read.locks.get(m.id, environment);
    const running = at ? [] : await ctx.store.read.deployments.open({ modelId: m.id, environment });
    out.push({
      lock: lock ? { by: lock.lockedBy, reason: lock.reason, since: lock.lockedAt.toISOString() } : null,
      inProgress: running[0] ? { id: running[0].id, version: running[0].version, status: running[0].status } : null,
      environment,
      version: d?.version ?? null,
      since: d?.finishedAt?.toISOString() ?? null,
      by: d?.requestedBy ?? null,
      approvedBy: d?.approvedBy ?? [],
      deploymentId: d?.id ?? null,
    });
  }
  return out;
}
