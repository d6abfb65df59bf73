import { z } from 'zod';
import { scheduleModelsLabel } from '../domain/schedule.js';
import { ok } from '../../core/result.js';
import { text } from '../../chat/replies/builders.js';
import { whoFrom } from '../../governance/audit-who.js';
import { KIND_TITLE } from './digest-build.js';
import { removeSchedule } from '../schedule-remove.js';
import { defineCommand } from '../../chat/command-spec.js';

export const scheduleIdArg = z.string().transform((s, ctx) => {
  const m = /^#?(\d{1,9})$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `\`${s}\` is not a schedule id: use the number from /mlops schedules, e.g. 3` });
    return z.NEVER;
  }
  return Number(m[1]);
});

export const unscheduleCommand = defineCommand({
  name: 'unschedule',
  summary: 'Remove a scheduled report (one created from chat).',
  syntax: [{ name: 'id' }],
  schema: z.object({ id: scheduleIdArg }).strict(),
  risk: 'write',
  permission: 'schedule',
  examples: ['unschedule 3'],
  async run(ctx, a) {
    const r = await removeSchedule(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), a.id, ctx.prefix);
    if (!r.ok) return r;
    const s = r.value;
    return ok({
      title: `Removed schedule #${s.id}`,
      tone: 'success',
      blocks: [text(`No more ${KIND_TITLE[s.kind].toLowerCase()}s of ${scheduleModelsLabel(s.models)} in ${s.environment} (\`${s.cron}\`, ${s.timezone}).`)],
      data: { id: s.id, removed: true },
    });
  },
});
