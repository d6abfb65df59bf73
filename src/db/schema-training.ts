import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { models } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Retrains: one row from the request (chat, an alert's [Retrain], automatic) to the version its pipeline registers. */
export const trainingRuns = pgTable(
  'training_runs',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    /** the version it retrains (the latest when requested) */
    fromVersion: integer('from_version'),
    /** awaiting_approval | requested | running | registered | failed | rejected */
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    /** request | alert | auto */
    triggerKind: text('trigger_kind').notNull(),
    alertId: integer('alert_id'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: ts('requested_at').notNull(),
    requiredApprovals: integer('required_approvals').notNull().default(0),
    approvedBy: text('approved_by').array().notNull().default(sql`'{}'::text[]`),
    pipeline: text('pipeline').notNull(),
    attempts: integer('attempts').notNull().default(0),
    targetRef: text('target_ref'),
    targetUrl: text('target_url'),
    message: text('message'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    deadlineAt: ts('deadline_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: ts('lease_until'),
    registeredVersion: integer('registered_version'),
    requestChannel: jsonb('request_channel').$type<{ platform: string; channelId: string; threadId?: string } | null>(),
    retryOf: integer('retry_of'),
  },
  (t) => [
    index('training_runs_model_idx').on(t.modelId, t.id),
    // at most one open retrain per model, across every process
    uniqueIndex('training_runs_one_open_uq').on(t.modelId).where(sql`${t.status} in ('awaiting_approval', 'requested', 'running')`),
  ],
);
