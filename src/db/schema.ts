import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const models = pgTable('models', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  ownerTeam: text('owner_team'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  latestVersion: integer('latest_version').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    version: integer('version').notNull(),
    artifactUri: text('artifact_uri').notNull(),
    sha256: text('sha256'),
    framework: text('framework'),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    params: jsonb('params').$type<Record<string, string | number | boolean>>().notNull().default({}),
    datasetUri: text('dataset_uri'),
    datasetSha256: text('dataset_sha256'),
    codeCommit: text('code_commit'),
    card: jsonb('card').$type<Record<string, string>>().notNull().default({}),
    evaluation: jsonb('evaluation').$type<Record<string, unknown>>().notNull().default({}),
    /** the training run that produced it (register --trigger): training_runs.id */
    trainingRunId: integer('training_run_id'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('model_versions_model_version_uq').on(t.modelId, t.version),
    uniqueIndex('model_versions_model_sha256_uq').on(t.modelId, t.sha256).where(sql`${t.sha256} is not null`),
  ],
);

export const deployments = pgTable(
  'deployments',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    versionId: integer('version_id')
      .notNull()
      .references(() => modelVersions.id),
    environment: text('environment').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: ts('requested_at').notNull(),
    approvedBy: text('approved_by').array().notNull().default(sql`'{}'::text[]`),
    target: text('target'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** why it failed, was rejected or cancelled */
    reason: text('reason'),
    /** why the requester wants it */
    requestReason: text('request_reason'),
    requiredApprovals: integer('required_approvals').notNull().default(0),
    expiresAt: ts('expires_at'),
    gates: jsonb('gates').$type<unknown[]>().notNull().default([]),
    overrideRequestedBy: text('override_requested_by'),
    overrideReason: text('override_reason'),
    requestChannel: jsonb('request_channel').$type<{ platform: string; channelId: string; threadId?: string } | null>(),
    rollbackOf: integer('rollback_of'),
    /** the target's dry run, shown on the approval card */
    plan: jsonb('plan').$type<{ summary: string; steps: string[] } | null>(),
    /** calls made to the target (retries included) */
    attempts: integer('attempts').notNull().default(0),
    targetRef: text('target_ref'),
    targetUrl: text('target_url'),
    /** a running deployment not finished by then is failed */
    deadlineAt: ts('deadline_at'),
    /** the process running it, and until when that claim holds (renewed while it works) */
    leaseOwner: text('lease_owner'),
    leaseUntil: ts('lease_until'),
    /** the post-deploy check on the first logged predictions: pending | passed | failed | inconclusive */
    postCheck: text('post_check'),
    postCheckDetail: text('post_check_detail'),
  },
  (t) => [
    index('deployments_model_env_idx').on(t.modelId, t.environment, t.id),
    // the lock: at most one running deployment per model and environment, across every process
    uniqueIndex('deployments_one_running_uq').on(t.modelId, t.environment).where(sql`${t.status} = 'running'`),
    index('deployments_post_check_idx').on(t.postCheck).where(sql`${t.postCheck} = 'pending'`),
    index('deployments_pending_idx').on(t.status).where(sql`${t.status} in ('awaiting_approval', 'approved', 'running')`),
    index('deployments_live_idx').on(t.modelId, t.environment, t.finishedAt).where(sql`${t.status} = 'succeeded'`),
  ],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    platform: text('platform').notNull(),
    channel: text('channel'),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** the audit key that sealed it; null: plain SHA-256 (written before audit keys) */
    keyId: text('key_id'),
  },
  (t) => [index('audit_events_target_idx').on(t.target, t.seq)],
);

/** Manual locks (freezes) of a model in an environment: who and why. */
export const environmentLocks = pgTable(
  'environment_locks',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    environment: text('environment').notNull(),
    lockedBy: text('locked_by').notNull(),
    reason: text('reason').notNull(),
    lockedAt: ts('locked_at').notNull(),
  },
  (t) => [uniqueIndex('environment_locks_model_env_uq').on(t.modelId, t.environment)],
);

/** Events from processes that cannot post to chat (one-shot CLI commands), delivered by a running Steward. */
export const eventOutbox = pgTable('event_outbox', {
  id: serial('id').primaryKey(),
  event: jsonb('event').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull(),
  claimedBy: text('claimed_by'),
  claimedUntil: ts('claimed_until'),
});

/**
 * Chat messages a platform did not take (5xx, 429, no answer), kept until a retry delivers them:
 * posts in order per channel, and for each posted message only the latest update.
 */
export const chatDeliveries = pgTable(
  'chat_deliveries',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<'post' | 'update'>().notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    threadId: text('thread_id'),
    messageId: text('message_id'),
    reply: jsonb('reply').$type<Record<string, unknown>>().notNull(),
    revision: integer('revision').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    nextAt: ts('next_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedUntil: ts('claimed_until'),
  },
  (t) => [
    index('chat_deliveries_channel_idx').on(t.platform, t.channelId, t.id),
    uniqueIndex('chat_deliveries_one_update_uq').on(t.platform, t.channelId, t.messageId).where(sql`kind = 'update'`),
  ],
);

/**
 * Signed inbound requests already taken, by a digest of their signature, until their timestamp is
 * too old to be accepted anyway: a request replayed to any replica is refused (slack-ingress.ts).
 */
export const inboundRequests = pgTable('inbound_requests', {
  key: text('key').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
});

/** One row per person per request: approve, reject or override. One person counts once. */
export const deploymentDecisions = pgTable(
  'deployment_decisions',
  {
    id: serial('id').primaryKey(),
    deploymentId: integer('deployment_id')
      .notNull()
      .references(() => deployments.id),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason'),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('deployment_decisions_one_per_actor_uq').on(t.deploymentId, t.actor)],
);

/** Where each live card (approval, deployment, report) was posted, so it can be updated in place. */
export const cardMessages = pgTable(
  'card_messages',
  {
    id: serial('id').primaryKey(),
    cardKind: text('card_kind').notNull(),
    cardId: text('card_id').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id').notNull(),
    threadId: text('thread_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('card_messages_ref_uq').on(t.platform, t.channelId, t.messageId), index('card_messages_card_idx').on(t.cardKind, t.cardId)],
);

/** One row: the last event's seq and hash, so a deleted tail is detectable. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export * from './schema-monitoring.js';
export * from './schema-scheduling.js';
export * from './schema-nl.js';
export * from './schema-instances.js';
export * from './schema-training.js';
export * from './schema-mirror.js';
