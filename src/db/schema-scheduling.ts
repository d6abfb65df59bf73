import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Scheduled reports, their run ledger, channel subscriptions and alerts (re-exported by schema.ts). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const schedules = pgTable(
  'schedules',
  {
    id: serial('id').primaryKey(),
    /** "config:<name>" for schedules declared in steward.yaml; null for chat-created ones */
    key: text('key'),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    models: text('models').array().notNull(),
    environment: text('environment').notNull(),
    cron: text('cron').notNull(),
    timezone: text('timezone').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    catchUpSeconds: integer('catch_up_seconds').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('schedules_key_uq').on(t.key).where(sql`${t.key} is not null`)],
);

/**
 * The run ledger: one row per (job, slot). The unique key is what makes a slot run once across
 * replicas; the lease (claimed_by, lease_until) lets another process take over a run whose owner died.
 */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: serial('id').primaryKey(),
    job: text('job').notNull(),
    scheduleId: integer('schedule_id').references(() => schedules.id, { onDelete: 'cascade' }),
    slotAt: ts('slot_at').notNull(),
    state: text('state').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: ts('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    requestedBy: text('requested_by'),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    postingAt: ts('posting_at'),
    message: jsonb('message').$type<{ platform: string; channelId: string; messageId: string; threadId?: string }>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('schedule_runs_job_slot_uq').on(t.job, t.slotAt),
    index('schedule_runs_claimable_idx').on(t.slotAt).where(sql`${t.state} in ('queued', 'running')`),
  ],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    /** a model name or "*" */
    model: text('model').notNull(),
    events: text('events').array().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('subscriptions_channel_model_uq').on(t.platform, t.channelId, t.model), index('subscriptions_model_idx').on(t.model)],
);

export const alerts = pgTable(
  'alerts',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    model: text('model').notNull(),
    environment: text('environment').notNull(),
    feature: text('feature').notNull(),
    tier: text('tier').notNull(),
    dedupKey: text('dedup_key').notNull(),
    headline: text('headline').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
    ackedBy: text('acked_by'),
    ackedAt: ts('acked_at'),
  },
  (t) => [index('alerts_dedup_idx').on(t.dedupKey, t.createdAt)],
);

/** When an alert with each dedup key was last sent: the cooldown, shared by every replica. */
export const alertCooldowns = pgTable('alert_cooldowns', {
  dedupKey: text('dedup_key').primaryKey(),
  lastSentAt: ts('last_sent_at').notNull(),
  suppressed: integer('suppressed').notNull().default(0),
});
