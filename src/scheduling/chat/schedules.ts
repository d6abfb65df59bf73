import { z } from 'zod';
import { configuredSecrets } from '../../config/configured-secrets.js';
import { secretScrubber } from '../../core/secret-scrub.js';
import { fmtDuration } from '../domain/duration.js';
import { manualJob, scheduleJob, scheduleModelsLabel } from '../domain/schedule.js';
import { ok } from '../../core/result.js';
import { context, fmtTime, table, text } from '../../chat/replies/builders.js';
import { fmtLocal, nextSlot, parseCron } from '../domain/cron-slots.js';
import { defineCommand } from '../../chat/command-spec.js';
import { openLink } from '../../chat/page-link.js';
import { channelLabel } from './schedule.js';

/** A stored reason, shown as plain text (no markup from it). */
const inlineSafe = (s: string): string => s.replace(/`/g, "'").replace(/\*\*/g, '*').replace(/\s+/g, ' ').trim();

export const schedulesCommand = defineCommand({
  name: 'schedules',
  summary: 'List scheduled reports: what, when, where they post, the next run and the last one.',
  syntax: [],
  schema: z.object({}).strict(),
  risk: 'read',
  examples: ['schedules'],
  async run(ctx) {
    const all = await ctx.store.read.schedules.list();
    if (!all.length) {
      return ok({ title: 'Schedules', blocks: [text(`No schedules yet. In the channel that should get it: \`${ctx.prefix} schedule digest * "0 9 * * 1" --tz Europe/Madrid\`.`)], data: { schedules: [] } });
    }
    const now = ctx.clock.now();
    const scrub = secretScrubber(configuredSecrets(ctx.config));
    const rows: string[][] = [];
    const failures: string[] = [];
    const data = [];
    for (const s of all) {
      const spec = parseCron(s.cron);
      const next = spec.ok ? nextSlot(spec.value, s.timezone, now) : null;
      const last = [...(await ctx.store.read.runs.recent(scheduleJob(s.id), 1)), ...(await ctx.store.read.runs.recent(manualJob(s.id), 1))].sort((a, b) => b.slotAt.getTime() - a.slotAt.getTime())[0];
      rows.push([
        `#${s.id}`,
        s.kind,
        scheduleModelsLabel(s.models),
        s.environment,
        `${s.cron} (${s.timezone})`,
        channelLabel(ctx, s.channel),
        next ? fmtLocal(next, s.timezone) : '—',
        last ? `${last.state} ${fmtTime(last.slotAt)}` : '—',
        s.source === 'config' ? 'steward.yaml' : 'chat',
      ]);
      if (last?.state === 'failed') failures.push(`#${s.id}: the last run (${fmtTime(last.slotAt)}) failed: ${inlineSafe(scrub(last.error ?? 'no reason was recorded'))}`);
      data.push({
        id: s.id,
        kind: s.kind,
        models: s.models,
        environment: s.environment,
        cron: s.cron,
        timezone: s.timezone,
        channel: s.channel,
        window: fmtDuration(s.windowSeconds),
        catchUp: fmtDuration(s.catchUpSeconds),
        source: s.source,
        next: next?.toISOString() ?? null,
        last: last ? { slot: last.slotAt.toISOString(), state: last.state, error: last.error } : null,
      });
    }
    return ok({
      title: `Schedules (${all.length})`,
      blocks: [table(['id', 'kind', 'models', 'env', 'when', 'posts to', 'next', 'last run', 'from'], rows), ...failures.map((f) => text(f)), context(`Run one now: \`${ctx.prefix} run-schedule <id>\` · remove: \`${ctx.prefix} unschedule <id>\``)],
      links: openLink(ctx.pageLinks, { kind: 'schedules' }),
      data: { schedules: data },
    });
  },
});
