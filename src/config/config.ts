import type { AccessConfig } from '../governance/domain/access.js';
import type { MonitoringConfig } from './monitoring-config.js';
import type { SlackConfig } from './slack-config.js';
import type { DiscordConfig } from './discord-config.js';
import type { LlmConfig } from './llm-config.js';
import type { SchedulingConfig } from './scheduling-config.js';
import type { Policy } from '../governance/domain/policy.js';
import type { TargetConfig } from './targets-schema.js';
import type { TrainingConfig } from '../training/domain/training-config.js';
import type { MlflowRegistryConfig } from '../mirror/domain/mirror-config.js';
import type { AuditConfig } from './audit-config.js';
import type { LimitsConfig } from './limits-config.js';
import type { PagesConfig } from './pages-config.js';

export type { AccessConfig };

/** The validated configuration, read once at start and passed to whoever needs it. */
export interface Config {
  readonly environments: readonly string[];
  readonly access: AccessConfig;
  /** one per environment */
  readonly policies: Readonly<Record<string, Policy>>;
  readonly database: { readonly url: string | null; readonly dataDir: string };
  readonly configFile: string | null;
  /** sha256 of steward.yaml as loaded (audited as config.loaded when it changes) */
  readonly configHash: string | null;
  readonly cliUser: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly http: { readonly port: number | null; readonly host: string };
  /** how long `steward start` may take to stop after SIGTERM or SIGINT before it exits anyway */
  readonly stopGraceMs: number;
  /** null when Slack is not configured (no SLACK_BOT_TOKEN) */
  readonly slack: SlackConfig | null;
  /** null when Discord is not configured (no DISCORD_TOKEN) */
  readonly discord: DiscordConfig | null;
  /** null when natural language is off (no OPENAI_API_KEY) */
  readonly llm: LlmConfig | null;
  /** schedules declared in steward.yaml, alert check and cooldown, scheduler leases */
  readonly scheduling: SchedulingConfig;
  /** drift and bias report settings (steward.yaml `monitoring:`) */
  readonly monitoring: MonitoringConfig;
  /** one deploy target per environment (`record` when none is configured); secrets resolved from env */
  readonly targets: Readonly<Record<string, TargetConfig>>;
  /** the deploy executor's lease, poll interval and per-deployment deadline (ms) */
  /** model -> its training pipeline (`retrain`); a model without one cannot be retrained from chat */
  readonly training: Readonly<Record<string, TrainingConfig>>;
  /** the MLflow registry Steward mirrors; null (or absent): Steward's own registry is the record */
  readonly registry?: MlflowRegistryConfig | null;
  /** the audit log's keys and anchors (absent in tests: unkeyed, no anchors) */
  readonly audit?: AuditConfig;
  /** /metrics wants `Authorization: Bearer <it>` when set (STEWARD_METRICS_TOKEN) */
  readonly metricsToken?: string | null;
  /** HTTP limits (absent: the defaults, src/config/limits-config.ts) */
  readonly limits?: LimitsConfig;
  /** the read-only web pages' links (absent: no pages) */
  readonly pages?: PagesConfig;
  readonly deploys: { readonly leaseMs: number; readonly pollMs: number; readonly deadlineMs: number };
}


export interface ConfigProblem {
  /** e.g. "steward.yaml: roles.approver[1]" or "env: DATABASE_URL" */
  readonly where: string;
  readonly message: string;
}
