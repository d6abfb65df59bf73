import { z } from 'zod';
import { monitoringSchema } from './monitoring-config.js';
import { durationSchema, policySchema } from './policy-schema.js';
import { alertsSchema, scheduleDeclSchema, schedulerSchema } from './scheduling-config.js';
import { envWholeNumber } from './env-number.js';
import { targetsSchema } from './targets-schema.js';
import { trainingSchema } from './training-config.js';
import { registrySchema } from './registry-config.js';
import { auditSchema } from './audit-config.js';
import { limitsSchema } from './limits-config.js';
import { pagesSchema } from './pages-config.js';

const envName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'an environment name is a lowercase word, e.g. staging');
const roleName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a role name is a lowercase word, e.g. approver');

/**
 * steward.yaml. Every key is optional; the defaults give a working single-user setup.
 * Sections for policies, targets and schedules are added by their own modules.
 */
export const fileSchema = z
  .object({
    environments: z.array(envName).min(1, 'list at least one environment').optional(),
    /** role -> grants: "*", "read", "<verb>", "<verb>:<env>", "<verb>:*" */
    roles: z.record(roleName, z.array(z.string('a grant is text: *, read, a permission such as deploy, or permission:environment'))).optional(),
    /** identity -> roles. Identities: console:alice, cli:*, slack:U123, slack-group:S123, discord:123, discord-role:456, token:ci, * */
    members: z.record(z.string().regex(/^(\*|(console|cli|slack|slack-group|discord|discord-role|token|api):[^\s]+)$/, 'an identity looks like slack:U0123, slack-group:S0123, discord:1234, discord-role:5678, console:alice, cli:*, token:ci or *'), z.array(roleName)).optional(),
    /** environment -> policy (approvals, gates, freeze windows, …) */
    policies: z.record(z.string(), policySchema).optional(),
    /** scheduled drift/bias reports and digests (src/config/scheduling-config.ts) */
    schedules: z.array(scheduleDeclSchema).optional(),
    alerts: alertsSchema.optional(),
    scheduler: schedulerSchema.optional(),
    /** how the deploy executor runs: lease renewal, polling, and the deadline of one deployment */
    deploys: z.object({ lease: durationSchema.default(30_000), poll: durationSchema.default(5_000), deadline: durationSchema.default(15 * 60_000) }).strict().optional(),
    /** drift/bias report settings: window, tests and thresholds per model and column */
    monitoring: monitoringSchema.optional(),
    /** environment -> deploy target (webhook, github-actions, mlflow, record): src/config/targets-schema.ts */
    targets: targetsSchema.optional(),
    /** model -> training pipeline (github-actions, webhook), approvals, automatic retraining: src/config/training-config.ts */
    training: trainingSchema.optional(),
    /** an MLflow registry Steward mirrors (system of record): src/config/registry-config.ts */
    registry: registrySchema.optional(),
    /** where the audit log's signed heads are anchored: src/config/audit-config.ts */
    audit: auditSchema.optional(),
    /** what the HTTP server accepts and how fast: body sizes, slow-client timeouts, a rate per API token */
    limits: limitsSchema.optional(),
    /** the read-only web pages: how long a signed link stays valid (src/config/pages-config.ts) */
    pages: pagesSchema.optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof fileSchema>;

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Environment variables: the only place process.env is read is loadConfig(env). */
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL, e.g. postgres://user@127.0.0.1:5432/steward')
    .optional(),
  STEWARD_DATA_DIR: z.string().min(1).default('./.steward'),
  STEWARD_CONFIG: z.string().min(1).optional(),
  STEWARD_USER: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'STEWARD_USER is a user name: letters, digits, . _ @ -').optional(),
  USER: z.string().optional(),
  LOG_LEVEL: logLevel.default('info'),
  STEWARD_HTTP_PORT: envWholeNumber('STEWARD_HTTP_PORT', 0, 65535, 8080).optional(),
  STEWARD_HTTP_HOST: z.string().default('127.0.0.1'),
  STEWARD_AUDIT_KEYS: z.string().optional(),
  STEWARD_PAGES_KEY: z.string().optional(),
  STEWARD_PUBLIC_URL: z.string().optional(),
  STEWARD_STOP_GRACE_SECONDS: envWholeNumber('STEWARD_STOP_GRACE_SECONDS', 1, 3600, 25).optional(),
  STEWARD_METRICS_TOKEN: z.string().min(16, 'STEWARD_METRICS_TOKEN is at least 16 characters (a random secret)').optional(),
});
