import { hostname } from 'node:os';
import { z } from 'zod';
import { MODEL_NAME_RE } from '../registry/domain/validation.js';
import { parseDuration } from '../scheduling/domain/duration.js';
import { PLATFORMS, type Platform } from '../governance/domain/actor.js';
import type { Result } from '../core/result.js';
import { SCHEDULE_KINDS, type ScheduleKind } from '../scheduling/domain/schedule.js';
import { checkTimezone, parseCron } from '../scheduling/domain/cron-slots.js';
import type { ConfigProblem } from './config.js';

/** A schedule declared in steward.yaml; upserted at start by its name. */
export interface ScheduleDecl {
  readonly name: string;
  readonly kind: ScheduleKind;
  readonly models: readonly string[];
  readonly environment: string;
  readonly cron: string;
  readonly timezone: string;
  readonly channel: { readonly platform: Platform; readonly id: string };
  readonly windowSeconds: number;
  readonly catchUpSeconds: number;
}

export interface SchedulingConfig {
  readonly schedules: readonly ScheduleDecl[];
  readonly alerts: {
    /** how often monitored models (subscribed to drift or bias) are checked; null: never (only scheduled runs alert) */
    readonly check: string | null;
    readonly timezone: string;
    readonly environment: string | null;
    readonly windowSeconds: number;
    /** the same model, feature and tier is not alerted again within this */
    readonly cooldownSeconds: number;
  };
  readonly scheduler: {
    readonly enabled: boolean;
    /** a run's lease; renewed while it runs, taken over by another process after it ends */
    readonly leaseSeconds: number;
    /** how often each process reloads schedules, takes over expired runs and catches up */
    readonly pollSeconds: number;
    /** default catch-up window of chat-created schedules */
    readonly catchUpSeconds: number;
    /** recorded as claimed_by in the run ledger */
    readonly instanceId: string;
  };
}

const duration = (what: string, min = 1) =>
  z.string().superRefine((s, ctx) => {
    const v = parseDuration(s);
    if (v === null || v < min) ctx.addIssue({ code: 'custom', message: `${what} is a duration like 30s, 15m, 24h or 7d${min > 1 ? ` (at least ${min} s)` : ''}` });
  });

const cronText = z.string().superRefine((s, ctx) => {
  const r = parseCron(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error.message.replace(/`/g, '"') });
});

const timezone = z.string().superRefine((s, ctx) => {
  const r = checkTimezone(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error.message.replace(/`/g, '"') });
});

const modelOrAll = z.string().refine((s) => s === '*' || MODEL_NAME_RE.test(s), 'a model is a lowercase slug like fraud-detector, or * for every live model');

export const scheduleDeclSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a schedule name is a lowercase word like weekly-digest; it is the stable key Steward updates the schedule by'),
    kind: z.enum(SCHEDULE_KINDS, 'kind is drift, bias, quality or digest'),
    models: z.union([modelOrAll, z.array(modelOrAll).min(1, 'list at least one model, or use "*"')]).default('*'),
    environment: z.string().min(1),
    cron: cronText,
    timezone: timezone.default('UTC'),
    channel: z.object({ platform: z.enum(PLATFORMS, `platform is one of ${PLATFORMS.join(', ')}`), id: z.string().min(1).max(128) }).strict(),
    window: duration('window').default('7d'),
    catchUp: duration('catchUp').default('1h'),
  })
  .strict();

export const alertsSchema = z
  .object({
    check: z.union([z.literal('off'), cronText]).default('*/15 * * * *'),
    timezone: timezone.default('UTC'),
    environment: z.string().min(1).optional(),
    window: duration('window').default('24h'),
    cooldown: duration('cooldown').default('6h'),
  })
  .strict();

export const schedulerSchema = z
  .object({
    enabled: z.boolean().default(true),
    lease: duration('lease', 2).default('60s'),
    poll: duration('poll').default('5s'),
    catchUp: duration('catchUp').default('1h'),
  })
  .strict();

export type ScheduleDeclInput = z.input<typeof scheduleDeclSchema>;

const canonical = <T>(r: Result<T>, raw: string, pick: (v: T) => string): string => (r.ok ? pick(r.value) : raw);

/** steward.yaml `schedules`, `alerts` and `scheduler`, after the file schema parsed them; env STEWARD_INSTANCE_ID. */
export function resolveSchedulingConfig(
  file: { schedules?: (z.infer<typeof scheduleDeclSchema> | undefined)[]; alerts?: z.infer<typeof alertsSchema>; scheduler?: z.infer<typeof schedulerSchema> },
  environments: readonly string[],
  env: Record<string, string | undefined>,
): { scheduling: SchedulingConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const secs = (s: string) => parseDuration(s)!;
  const seen = new Set<string>();
  const schedules: ScheduleDecl[] = (file.schedules ?? []).flatMap((s, i) => {
    if (!s) return []; // it failed the schema, which reported it
    if (seen.has(s.name)) problems.push({ where: `steward.yaml: schedules[${i}].name`, message: `"${s.name}" is used by two schedules; names are the stable key, make them unique` });
    seen.add(s.name);
    if (!environments.includes(s.environment)) problems.push({ where: `steward.yaml: schedules[${i}].environment`, message: `unknown environment "${s.environment}"; environments are ${environments.join(', ')}` });
    const models = typeof s.models === 'string' ? [s.models] : [...new Set(s.models)];
    return [{
      name: s.name,
      kind: s.kind,
      models: models.includes('*') ? ['*'] : models,
      environment: s.environment,
      cron: canonical(parseCron(s.cron), s.cron, (c) => c.expr),
      timezone: canonical(checkTimezone(s.timezone), s.timezone, (z) => z),
      channel: s.channel,
      windowSeconds: secs(s.window),
      catchUpSeconds: secs(s.catchUp),
    }];
  });
  const a = alertsSchema.parse(file.alerts ?? {});
  const alertEnv = a.environment ?? (environments.includes('production') ? 'production' : environments[environments.length - 1]!);
  if (!environments.includes(alertEnv)) problems.push({ where: 'steward.yaml: alerts.environment', message: `unknown environment "${alertEnv}"; environments are ${environments.join(', ')}` });
  const sch = schedulerSchema.parse(file.scheduler ?? {});
  const instance = env.STEWARD_INSTANCE_ID;
  if (instance !== undefined && !/^[A-Za-z0-9._:@-]{1,64}$/.test(instance)) problems.push({ where: 'env: STEWARD_INSTANCE_ID', message: 'STEWARD_INSTANCE_ID names this process in the run ledger: 1–64 letters, digits, . _ : @ -' });
  return {
    problems,
    scheduling: {
      schedules,
      alerts: { check: a.check === 'off' ? null : a.check, timezone: canonical(checkTimezone(a.timezone), a.timezone, (z) => z), environment: alertEnv, windowSeconds: secs(a.window), cooldownSeconds: secs(a.cooldown) },
      scheduler: { enabled: sch.enabled, leaseSeconds: secs(sch.lease), pollSeconds: secs(sch.poll), catchUpSeconds: secs(sch.catchUp), instanceId: instance ?? `${hostname()}:${process.pid}` },
    },
  };
}

/** Defaults when there is no steward.yaml (tests build configs this way too). */
export const defaultSchedulingConfig = (environments: readonly string[], env: Record<string, string | undefined> = {}): SchedulingConfig => resolveSchedulingConfig({}, environments, env).scheduling;
