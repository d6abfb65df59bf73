import { z } from 'zod';
import { MODEL_CARD_FIELDS } from '../registry/domain/model.js';
import { WEEKDAYS } from '../governance/domain/policy.js';
import { DEFAULT_MIN_LABELLED, minLabelledSchema, qualityChecksSchema } from './quality-check-schema.js';

export const roleList = z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a role name is a lowercase word, e.g. approver'));

/** "24h", "90m", "2d", "30s", "500ms" -> milliseconds */
export const durationSchema = z.string().transform((s, ctx) => {
  const m = /^(\d+)\s*(ms|s|m|h|d)$/.exec(s.trim());
  if (!m || Number(m[1]) <= 0) {
    ctx.addIssue({ code: 'custom', message: 'a duration is a positive number with ms, s, m, h or d, e.g. 24h' });
    return z.NEVER;
  }
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
});

export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA timezone; use e.g. Europe/Madrid or UTC' },
);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM in 24-hour form, e.g. 16:00');

const metricGate = z
  .object({ metric: z.string().min(1), min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((g) => g.min !== undefined || g.max !== undefined, { message: 'give min or max (or both)' });

const regressionGate = z
  .object({ metric: z.string().min(1), maxDrop: z.number().nonnegative().optional(), maxIncrease: z.number().nonnegative().optional() })
  .strict()
  .refine((g) => (g.maxDrop === undefined) !== (g.maxIncrease === undefined), { message: 'give exactly one of maxDrop (higher is better) or maxIncrease (lower is better)' });

export const policySchema = z
  .object({
    approvals: z.number().int('approvals is a whole number').min(0, 'approvals cannot be negative').max(20).default(0),
    approverRoles: roleList.default([]),
    allowSelfApproval: z.boolean().default(false),
    expiry: durationSchema.default(24 * 3_600_000),
    gates: z
      .object({
        metrics: z.array(metricGate).default([]),
        noRegression: z.array(regressionGate).default([]),
        fairness: z.array(metricGate).default([]),
        drift: z.object({ maxShare: z.number().min(0).max(1) }).strict().nullable().default(null),
        modelCard: z.object({ required: z.array(z.enum(MODEL_CARD_FIELDS)).min(1) }).strict().nullable().default(null),
        /** live quality of the candidate's labelled predictions, e.g. { checks: "roc_auc<registered-0.02", environment: staging } */
        quality: z
          .object({ checks: qualityChecksSchema, minLabelled: minLabelledSchema.default(DEFAULT_MIN_LABELLED), environment: z.string().min(1).nullable().default(null) })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .default({ metrics: [], noRegression: [], fairness: [], drift: null, modelCard: null, quality: null }),
    freezeWindows: z
      .array(
        z
          .object({
            days: z.array(z.enum(WEEKDAYS)).min(1, 'list at least one day: mon … sun'),
            from: hhmm,
            to: hhmm,
            timezone: timezoneSchema,
            reason: z.string().max(200).optional(),
          })
          .strict(),
      )
      .default([]),
    freezeExemptRoles: roleList.default([]),
    noApproval: z.object({ deploy: roleList.default([]), rollback: roleList.default([]) }).strict().default({ deploy: [], rollback: [] }),
    overrideRoles: roleList.default(['admin']),
    /** what an alias moved in MLflow outside Steward's approval flow leads to (with registry: mlflow) */
    outOfBand: z.enum(['accept', 'alert', 'revert'], 'outOfBand is accept (record it as a deployment), alert or revert (point the alias back)').default('alert'),
    postDeploy: z
      .object({
        healthUrl: z.string().url('healthUrl must be an http(s) URL, e.g. https://fraud.internal/healthz').optional(),
        /** judge the new version on its first N logged predictions */
        predictions: z
          .object({
            count: z.number().int().min(1).max(1_000_000),
            within: durationSchema.default(24 * 3_600_000),
            maxDriftShare: z.number().min(0).max(1).optional(),
            fairness: z.array(metricGate).default([]),
            /** quality checks on the new version's labelled predictions, e.g. "roc_auc<registered-0.02" */
            quality: qualityChecksSchema.optional(),
            /** labelled predictions needed before quality is judged (labels arrive late) */
            minLabelled: minLabelledSchema.default(DEFAULT_MIN_LABELLED),
          })
          .strict()
          .refine((p) => p.maxDriftShare !== undefined || p.fairness.length > 0 || p.quality !== undefined, { message: 'give maxDriftShare, fairness bounds or quality checks to judge the predictions by' })
          .optional(),
        expectStatus: z.number().int().min(100).max(599).default(200),
        timeout: durationSchema.default(5_000),
        attempts: z.number().int().min(1).max(20).default(3),
        interval: durationSchema.default(10_000),
        rollbackOnFailure: z.boolean().default(true),
      })
      .strict()
      .refine((p) => p.healthUrl !== undefined || p.predictions !== undefined, { message: 'postDeploy needs healthUrl, predictions, or both' })
      .nullable()
      .default(null),
  })
  .strict()
  .refine((p) => p.approvals === 0 || p.approverRoles.length > 0, { message: 'approvals > 0 needs approverRoles (who may approve)', path: ['approverRoles'] });

export type PolicyInput = z.input<typeof policySchema>;
