import { unknownRole } from './unknown-role.js';
import { z } from 'zod';
import { MODEL_NAME_RE } from '../registry/domain/validation.js';
import type { TrainingConfig } from '../training/domain/training-config.js';
import type { ConfigProblem } from './config.js';
import { durationSchema, roleList } from './policy-schema.js';
import { githubActionsTargetSchema, rawTargetEntryProblems, resolveTarget, webhookTargetSchema } from './targets-schema.js';

/**
 * steward.yaml `training:` — model -> its training pipeline (the same GitHub Actions and webhook
 * target kinds as `targets:`), who must approve a retrain, how long a run may take, and optional
 * automatic retraining on an alert with a cooldown (off by default).
 */
export const TRAINING_TRIGGERS = ['drift', 'bias', 'quality'] as const;

const pipelineSchema = z.discriminatedUnion('kind', [webhookTargetSchema, githubActionsTargetSchema, z.object({ kind: z.literal('record') }).strict()], { error: 'pipeline kind is github-actions, webhook or record' });

export const trainingEntrySchema = z
  .object({
    pipeline: pipelineSchema,
    approvals: z.number().int('approvals is a whole number').min(0, 'approvals cannot be negative').max(20).default(0),
    approverRoles: roleList.default([]),
    deadline: durationSchema.default(6 * 3_600_000),
    auto: z
      .object({
        on: z.array(z.enum(TRAINING_TRIGGERS, `an automatic trigger is one of ${TRAINING_TRIGGERS.join(', ')}`)).min(1, 'list at least one alert kind, e.g. [drift]'),
        cooldown: durationSchema.default(24 * 3_600_000),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.approvals === 0 || p.approverRoles.length > 0, { message: 'approvals > 0 needs approverRoles (who may approve)', path: ['approverRoles'] });

export const trainingSchema = z.record(z.string().regex(MODEL_NAME_RE, 'a model name is a lowercase slug like fraud-detector'), trainingEntrySchema);

/** Checked on the raw YAML (never echoing a value that may be a secret): each pipeline's secret names and URLs. */
export function rawTrainingProblems(raw: unknown): ConfigProblem[] {
  const training = raw && typeof raw === 'object' ? (raw as { training?: unknown }).training : undefined;
  if (!training || typeof training !== 'object' || Array.isArray(training)) return [];
  return Object.entries(training as Record<string, unknown>).flatMap(([m, t]) => rawTargetEntryProblems(`training.${m}.pipeline`, t && typeof t === 'object' ? (t as { pipeline?: unknown }).pipeline : undefined));
}

/** Secrets resolved from the named variables; roles named must exist. */
export function resolveTraining(parsed: z.output<typeof trainingSchema> | undefined, roles: Readonly<Record<string, unknown>>, env: Record<string, string | undefined>): { training: Record<string, TrainingConfig>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const training: Record<string, TrainingConfig> = {};
  for (const [model, t] of Object.entries(parsed ?? {})) {
    t.approverRoles.forEach((r, i) => {
      if (!(r in roles)) problems.push({ where: `steward.yaml: training.${model}.approverRoles[${i}]`, message: unknownRole(r, roles) });
    });
    const pipeline = resolveTarget(t.pipeline, `training.${model}.pipeline`, env, problems);
    if (pipeline.kind !== 'webhook' && pipeline.kind !== 'github-actions' && pipeline.kind !== 'record') continue;
    training[model] = {
      model,
      pipeline,
      approvals: t.approvals,
      approverRoles: t.approverRoles,
      deadlineMs: t.deadline,
      auto: t.auto ? { on: t.auto.on, cooldownMs: t.auto.cooldown } : null,
    };
  }
  return { training, problems };
}
