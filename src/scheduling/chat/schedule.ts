import { z } from 'zod';
import { PLATFORMS, type Platform } from '../../governance/domain/actor.js';
import { MODEL_NAME_RE } from '../../registry/domain/validation.js';
import { describeDuration, parseDuration } from '../domain/duration.js';
import { ALL_MODELS, type ChannelTarget, SCHEDULE_KINDS, scheduleModelsLabel } from '../domain/schedule.js';
import { err, ok, type Result } from '../../core/result.js';
import { didYouMean } from '../../core/suggest.js';
import { fields } from '../../chat/replies/builders.js';
import { fmtLocal } from '../domain/cron-slots.js';
import { whoFrom } from '../../governance/audit-who.js';
import { createSchedule } from '../schedule-create.js';
import { KIND_TITLE } from './digest-build.js';
import type { CommandContext } from '../../chat/command-context.js';
import { defineCommand } from '../../chat/command-spec.js';
import { findModel } from '../../registry/find-model.js';

const duration = (what: string) =>
  z.string().transform((s, ctx) => {
    const v = parseDuration(s);
    if (v === null) {
      ctx.addIssue({ code: 'custom', message: `\`${s}\` is not a ${what}: use a number and a unit, e.g. 30m, 24h, 7d` });
      return z.NEVER;
    }
    return v;
  });

/** "*" or a comma-separated list of model names. */
export const modelsArg = z.string().transform((s, ctx) => {
  if (s === ALL_MODELS) return [ALL_MODELS];
  const names = [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
  const bad = names.find((n) => !MODEL_NAME_RE.test(n));
  if (!names.length || bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `\`${bad ?? s}\` is not a model name: use a lowercase slug like fraud-detector, a comma-separated list, or * for every live model` });
    return z.NEVER;
  }
  return names;
});

/** --channel slack:C0123ABCD */
export const channelFlag = z.string().transform((s, ctx) => {
  const i = s.indexOf(':');
  const platform = s.slice(0, i);
  const id = s.slice(i + 1);
  if (i <= 0 || !id || !(PLATFORMS as readonly string[]).includes(platform) || !/^[A-Za-z0-9._-]{1,128}$/.test(id)) {
    ctx.addIssue({ code: 'custom', message: `\`${s}\` is not a channel: use platform:id, e.g. slack:C0123ABCD or discord:112233445566` });
    return z.NEVER;
  }
  return { platform: platform as Platform, id };
});

/** Where a verb's subscription or schedule applies: --channel, else the channel the command came from. */
export function targetChannel(ctx: CommandContext, flag: ChannelTarget | undefined): Result<ChannelTarget> {
  if (flag) return ok(flag);
  if (ctx.channel.platform === 'cli' || ctx.channel.platform === 'api') {
    return err('bad_input', `From the ${ctx.channel.platform === 'cli' ? 'CLI' : 'API'}, say which channel: --channel slack:C0123ABCD (or run the command in that channel).`);
  }
  return ok({ platform: ctx.channel.platform, id: ctx.channel.id });
}

/** Every named model must exist (did-you-mean otherwise); "*" is fine. */
export async function checkModels(ctx: CommandContext, models: readonly string[]): Promise<Result<void>> {
  for (const m of models) {
    if (m === ALL_MODELS) continue;
    const found = await findModel(ctx, m);
    if (!found.ok) return found;
  }
  return ok(undefined);
}

export const channelLabel = (ctx: CommandContext, c: ChannelTarget): string => (c.platform === ctx.channel.platform && c.id === ctx.channel.id ? 'this channel' : `${c.platform}:${c.id}`);

const schema = z
  .object({
    kind: z.string().transform((s, ctx) => {
      if ((SCHEDULE_KINDS as readonly string[]).includes(s)) return s as (typeof SCHEDULE_KINDS)[number];
      ctx.addIssue({ code: 'custom', message: `\`${s}\` is not a report kind: use drift, bias, quality or digest.${didYouMean(s, SCHEDULE_KINDS)}` });
      return z.NEVER;
    }),
    models: modelsArg,
    cron: z.string().min(1),
    tz: z.string().default('UTC'),
    window: duration('window').default(7 * 86_400),
    env: z.string().optional(),
    catchUp: duration('catch-up window').optional(),
    channel: channelFlag.optional(),
  })
  .strict();

export const scheduleCommand = defineCommand({
  name: 'schedule',
  summary: 'Post a drift, bias or quality report, or a digest of all three, to this channel on a cron schedule.',
  syntax: [{ name: 'kind', label: 'drift|bias|quality|digest' }, { name: 'models', label: 'model|*' }, { name: 'cron', label: '"cron"', rest: true }],
  flags: [
    { name: 'tz', value: 'ZONE', summary: 'IANA time zone of the cron, e.g. Europe/Madrid (default UTC)' },
    { name: 'window', value: 'DURATION', summary: 'how far back each report looks (default 7d)' },
    { name: 'env', value: 'ENV', summary: 'environment to report on (default production)' },
    { name: 'catchUp', value: 'DURATION', summary: 'after downtime, run a missed slot this recent (default 1h)' },
    { name: 'channel', value: 'PLATFORM:ID', summary: 'post to slack:C0123… instead of here (needed on the CLI)' },
  ],
  schema,
  risk: 'write',
  envArg: 'env',
  examples: ['schedule digest * "0 9 * * 1" --tz Europe/Madrid --window 7d', 'schedule drift fraud-detector "0 */6 * * *" --env production', 'schedule quality churn-predictor "0 8 * * *" --window 7d'],
  async run(ctx, a) {
    const envs = ctx.config.environments;
    const env = a.env ?? (envs.includes('production') ? 'production' : undefined);
    if (!env) return err('bad_input', `Say which environment to report on: --env ${envs.join('|')}.`);
    if (!envs.includes(env)) return err('bad_input', `\`${env}\` is not an environment.${didYouMean(env, envs)} Environments: ${envs.join(', ')}.`);
    const channel = targetChannel(ctx, a.channel);
    if (!channel.ok) return channel;
    const models = await checkModels(ctx, a.models);
    if (!models.ok) return models;
    const r = await createSchedule(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), {
      kind: a.kind,
      models: a.models,
      environment: env,
      cron: a.cron,
      timezone: a.tz,
      channel: channel.value,
      windowSeconds: a.window,
      catchUpSeconds: a.catchUp ?? ctx.config.scheduling.scheduler.catchUpSeconds,
    });
    if (!r.ok) return r;
    const { schedule: s, next } = r.value;
    return ok({
      title: `Scheduled #${s.id}: ${KIND_TITLE[s.kind].toLowerCase()}`,
      tone: 'success',
      blocks: [
        fields({
          Models: scheduleModelsLabel(s.models),
          Environment: s.environment,
          When: `\`${s.cron}\` (${s.timezone})`,
          Window: `last ${describeDuration(s.windowSeconds)} of predictions`,
          'Posts to': channelLabel(ctx, s.channel),
          Next: next.map((d) => fmtLocal(d, s.timezone)).join(', '),
        }),
      ],
      data: {
        id: s.id,
        kind: s.kind,
        models: s.models,
        environment: s.environment,
        cron: s.cron,
        timezone: s.timezone,
        channel: s.channel,
        windowSeconds: s.windowSeconds,
        catchUpSeconds: s.catchUpSeconds,
        next: next.map((d) => d.toISOString()),
      },
    });
  },
});
