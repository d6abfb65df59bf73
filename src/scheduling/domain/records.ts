import type { MessageRef as CardMessage } from '../../core/platform.js';
import type { Platform } from '../../governance/domain/actor.js';

/**
 * One row of the run ledger: a (job, slot) claimed by one process under a lease.
 * queued -> running -> done | failed; a running row whose lease expired can be taken over.
 */
export const RUN_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface RunRecord {
  readonly id: number;
  /** "schedule:<id>", "schedule:<id>:manual" or "alerts" */
  readonly job: string;
  readonly scheduleId: number | null;
  /** the cron slot this run belongs to (the request time for a manual run) */
  readonly slotAt: Date;
  readonly state: RunState;
  readonly claimedBy: string | null;
  readonly leaseUntil: Date | null;
  readonly attempts: number;
  readonly requestedBy: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** set just before the first post: a post may have reached the platform */
  readonly postingAt: Date | null;
  /** where the run's message landed (recorded right after the post, and again when done) */
  readonly message: CardMessage | null;
  /** per-model summaries (no images), for Details buttons and listings */
  readonly result: RunResult | null;
  readonly error: string | null;
}

export interface RunResult {
  readonly models: readonly ModelSummaryRecord[];
}

/** What a run remembers about one model (the charts are not kept). */
export interface ModelSummaryRecord {
  readonly model: string;
  readonly environment: string;
  readonly tier: MonitorTier;
  readonly shareDrifted: number | null;
  readonly driftedFeatures: readonly { readonly name: string; readonly score: number | null; readonly test: string | null; readonly tier: MonitorTier }[];
  readonly worstFeature: string | null;
  readonly biasTier: MonitorTier | null;
  readonly biasHeadline: string | null;
  readonly biasAttribute: string | null;
  /** quality against the alert thresholds (monitoring.quality); absent in runs that did not measure it */
  readonly qualityTier?: MonitorTier | null;
  readonly qualityHeadline?: string | null;
  /** the metric the headline is about (the first crossed check's) */
  readonly qualityMetric?: string | null;
  readonly note: string | null;
  readonly deploymentId: number | null;
}

/** Severity of a drift, bias or quality finding; `no_data` when there is nothing to compare. */
export const MONITOR_TIERS = ['ok', 'warning', 'critical', 'no_data'] as const;
export type MonitorTier = (typeof MONITOR_TIERS)[number];

export const tierRank = (t: MonitorTier | null): number => (t === 'critical' ? 3 : t === 'warning' ? 2 : t === 'ok' ? 1 : 0);

export interface ClaimRequest {
  readonly job: string;
  readonly scheduleId: number | null;
  readonly slotAt: Date;
  /** the claiming process */
  readonly by: string;
  readonly now: Date;
  readonly leaseUntil: Date;
}

export interface FinishRun {
  readonly state: 'done' | 'failed';
  readonly at: Date;
  readonly message?: CardMessage | null;
  readonly result?: RunResult | null;
  readonly error?: string | null;
}

/**
 * The run ledger. Every claim is decided by the database (a unique key on job and slot, and
 * conditional updates), so any number of processes can share it. Updates with `by` are fenced:
 * they change nothing and return false once another process has taken the run over.
 */
export interface RunLedgerRepo {
  /** INSERT … ON CONFLICT DO NOTHING: the new running row, or null when (job, slot) already exists. */
  claimNew(c: ClaimRequest): Promise<RunRecord | null>;
  /** Take over a queued row, or a running row whose lease ended before `now`; null if neither. */
  takeOver(c: Omit<ClaimRequest, 'scheduleId'>): Promise<RunRecord | null>;
  /** A queued row for a manual run; null when one exists for that instant. */
  enqueue(c: { job: string; scheduleId: number | null; slotAt: Date; requestedBy: string; now: Date }): Promise<RunRecord | null>;
  /** Queued rows and running rows with an expired lease, slot at or after `since`, oldest first. */
  claimable(now: Date, since: Date): Promise<RunRecord[]>;
  renew(id: number, by: string, leaseUntil: Date): Promise<boolean>;
  markPosting(id: number, by: string, at: Date): Promise<boolean>;
  recordMessage(id: number, by: string, message: CardMessage): Promise<boolean>;
  finish(id: number, by: string, f: FinishRun): Promise<boolean>;
  byId(id: number): Promise<RunRecord | null>;
  get(job: string, slotAt: Date): Promise<RunRecord | null>;
  /** Newest slot first. */
  recent(job: string, limit: number): Promise<RunRecord[]>;
  /** Deletes finished (done or failed) runs whose slot is before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export const SUBSCRIPTION_EVENTS = ['registered', 'approval_requested', 'approved', 'rejected', 'deployed', 'deploy_failed', 'rolled_back', 'out_of_band', 'drift', 'bias', 'quality'] as const;
export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number];

export interface Subscription {
  readonly id: number;
  readonly platform: Platform;
  readonly channelId: string;
  /** a model name or "*" */
  readonly model: string;
  readonly events: readonly SubscriptionEvent[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SubscriptionKey {
  readonly platform: Platform;
  readonly channelId: string;
  readonly model: string;
}

export interface SubscriptionRepo {
  get(k: SubscriptionKey): Promise<Subscription | null>;
  /** Adds events to the channel's subscription for the model (creating it); one atomic statement. */
  addEvents(k: SubscriptionKey, events: readonly SubscriptionEvent[], by: string, at: Date): Promise<Subscription>;
  /** Removes events (all when null); deletes the row when none remain. Returns what is left, or null. */
  removeEvents(k: SubscriptionKey, events: readonly SubscriptionEvent[] | null, at: Date): Promise<Subscription | null>;
  /** Subscriptions for this model or "*" that include the event. */
  matching(model: string, event: SubscriptionEvent): Promise<Subscription[]>;
  forChannel(platform: Platform, channelId: string): Promise<Subscription[]>;
  /** Every subscription that includes one of these events. */
  withEvents(events: readonly SubscriptionEvent[]): Promise<Subscription[]>;
}

export interface Alert {
  readonly id: number;
  readonly kind: 'drift' | 'bias' | 'quality';
  readonly model: string;
  readonly environment: string;
  /** the feature (drift), protected attribute (bias) or metric (quality) the alert is about */
  readonly feature: string;
  readonly tier: MonitorTier;
  readonly dedupKey: string;
  readonly headline: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly ackedBy: string | null;
  readonly ackedAt: Date | null;
}

export type NewAlert = Omit<Alert, 'id' | 'ackedBy' | 'ackedAt'>;

export interface AlertRepo {
  /**
   * Claims the right to send an alert with this dedup key: true (and `now` is recorded as sent) when
   * none was sent within `cooldownSeconds`; false when it is suppressed. One atomic statement, so two
   * processes never both get true.
   */
  claimCooldown(dedupKey: string, now: Date, cooldownSeconds: number): Promise<boolean>;
  create(a: NewAlert): Promise<Alert>;
  byId(id: number): Promise<Alert | null>;
  /** Records who acknowledged; null when the alert does not exist or was already acknowledged. */
  acknowledge(id: number, by: string, at: Date): Promise<Alert | null>;
  /** Newest first. */
  recent(limit: number): Promise<Alert[]>;
}

/** The dedup key: the same model, feature and tier is one alert. */
export const alertDedupKey = (a: { kind: string; model: string; environment: string; feature: string; tier: string }): string =>
  `${a.kind}|${a.model}|${a.environment}|${a.feature}|${a.tier}`;
