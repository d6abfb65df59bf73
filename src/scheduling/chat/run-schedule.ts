import { z } from 'zod';
import { scheduleModelsLabel } from '../domain/schedule.js';
import { ok } from '../../core/result.js';
import { text } from '../../chat/replies/builders.js';
import { actorKey } from '../../governance/domain/actor.js';
import { KIND_TITLE } from './digest-build.js';
import { enqueueScheduleRun } from '../schedule-enqueue.js';
import { defineCommand } from '../../chat/command-spec.js';
import { channelLabel } from './schedule.js';
import { scheduleIdArg } from './unschedule.js';

export const runScheduleCommand = defineCommand({
  name: 'run-schedule',
  summary: 'Run a scheduled report now (it posts where the schedule posts).',
  syntax: [{ name: 'id' }],
  schema: z.object({ id: scheduleIdArg }).strict(),
  risk: 'write',
  permission: 'schedule',
  examples: ['run-schedule 3'],
  async run(ctx, a) {
    const r = await enqueueScheduleRun(ctx.store, ctx.clock, actorKey(ctx.actor), a.id, ctx.prefix);
    if (!r.ok) return r;
    const { schedule: s, run } = r.value;
    const when = ctx.config.scheduling.scheduler.enabled
      ? `by a running Steward (it checks every ${ctx.config.scheduling.scheduler.pollSeconds} s)`
      : 'as soon as a Steward process with the scheduler enabled runs (steward start)';
    return ok({
      title: `Running schedule #${s.id}`,
      tone: 'info',
      blocks: [text(`The ${KIND_TITLE[s.kind].toLowerCase()} of ${scheduleModelsLabel(s.models)} in ${s.environment} is queued: it is posted to ${channelLabel(ctx, s.channel)} ${when}.`)],
      data: { id: s.id, run: run.id, queuedAt: run.slotAt.toISOString() },
    });
  },
});
