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
    reason: text('reason'),
  },
  (t) => [
    index('deployments_model_env_idx').on(t.modelId, t.environment, t.id),
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
  },
  (t) => [index('audit_events_target_idx').on(t.target, t.seq)],
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

