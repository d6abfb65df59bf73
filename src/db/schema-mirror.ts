import { boolean, integer, jsonb, primaryKey, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { models, modelVersions } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A Steward model that mirrors an MLflow registered model (steward.yaml `registry:`). */
export const mlflowModels = pgTable('mlflow_models', {
  modelId: integer('model_id')
    .primaryKey()
    .references(() => models.id),
  mlflowName: text('mlflow_name').notNull().unique(),
  linkedAt: ts('linked_at').notNull(),
});

/** A Steward version mirrored from an MLflow model version (same number). */
export const mlflowVersions = pgTable('mlflow_versions', {
  versionId: integer('version_id')
    .primaryKey()
    .references(() => modelVersions.id),
  modelId: integer('model_id')
    .notNull()
    .references(() => models.id),
  version: integer('version').notNull(),
  runId: text('run_id'),
  /** MLflow's tags and description of the version, as mirrored */
  tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
  description: text('description'),
  /** who registered it in MLflow, when known */
  mlflowUser: text('mlflow_user'),
  runPending: boolean('run_pending').notNull().default(false),
  deletedAt: ts('deleted_at'),
  mirroredAt: ts('mirrored_at').notNull(),
});

/** Where each alias of a mirrored model pointed when Steward last saw it (null: deleted). */
export const mlflowAliases = pgTable(
  'mlflow_aliases',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    alias: text('alias').notNull(),
    version: integer('version'),
    seenAt: ts('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.alias] })],
);

/** MLflow webhook deliveries already handled, by X-MLflow-Delivery-Id (retries repeat it). */
export const mlflowDeliveries = pgTable('mlflow_deliveries', {
  deliveryId: text('delivery_id').primaryKey(),
  event: text('event').notNull(),
  receivedAt: ts('received_at').notNull(),
});
