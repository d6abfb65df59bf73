import { sql } from 'drizzle-orm';
import { bigint, bigserial, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Scalar } from '../monitoring/domain/monitoring-store.js';
import { models, modelVersions } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Raw bytes: postgres.js hands back a Buffer, PGlite a Uint8Array — both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
  fromDriver: (v) => v,
});

/** API tokens: only the sha256 of the secret is stored; the secret is shown once at creation. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
});

/**
 * Logged predictions, one row each; the label is attached later by prediction id (unique per
 * model). Reports read a window by (model, environment, at) in (at, id) keyset pages.
 */
export const predictionLogs = pgTable(
  'prediction_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign keys: each row's RI check cost over a third of the server's time on COPY
    // (bench/README.md, "Prediction ingestion"). Ingestion takes both ids from rows it read in the
    // same transaction, and models and versions are never deleted.
    modelId: integer('model_id').notNull(),
    versionId: integer('version_id').notNull(),
    environment: text('environment').notNull(),
    predictionId: text('prediction_id').notNull(),
    at: ts('at').notNull(),
    features: jsonb('features').$type<Record<string, Scalar>>().notNull(),
    prediction: jsonb('prediction').$type<Scalar>().notNull(),
    /** the probability of the positive class, when the model gives one (quality: ROC AUC, estimated performance) */
    score: doublePrecision('score'),
    /** SQL NULL = no label yet (a JSON null label is stored as 'null'::jsonb) */
    label: jsonb('label').$type<Scalar>(),
    /** when the label was attached (POST /api/v1/labels); null for a label logged with its prediction, whose delay is not known */
    labeledAt: ts('labeled_at'),
    sensitive: jsonb('sensitive').$type<Record<string, Scalar>>(),
    /** whose prediction it is, for erasure by person (optional) */
    subject: text('subject'),
    loggedBy: text('logged_by').notNull(),
    loggedAt: ts('logged_at').notNull(),
  },
  (t) => [
    uniqueIndex('prediction_logs_model_prediction_uq').on(t.modelId, t.predictionId),
    index('prediction_logs_window_idx').on(t.modelId, t.environment, t.at, t.id),
    index('prediction_logs_version_idx').on(t.versionId, t.at, t.id),
    index('prediction_logs_subject_idx').on(t.modelId, t.subject).where(sql`${t.subject} is not null`),
  ],
);

/** One row per version: what its reference data is. The data itself is in reference_columns. */
export const referenceDatasets = pgTable('reference_datasets', {
  versionId: integer('version_id')
    .primaryKey()
    .references(() => modelVersions.id),
  rows: integer('rows').notNull(),
  columns: jsonb('columns').$type<{ name: string; kind: 'numeric' | 'categorical' }[]>().notNull(),
  sha256: text('sha256').notNull(),
  source: text('source').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: ts('uploaded_at').notNull(),
});

/**
 * Column-major reference data, one row per column: numeric columns as little-endian float64
 * bytes (NaN = missing), categorical ones as little-endian int32 codes (−1 = missing) plus the
 * category list. 100k rows × 20 columns is 20 rows of ~800 kB — loaded straight into typed arrays.
 */
export const referenceColumns = pgTable(
  'reference_columns',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => referenceDatasets.versionId, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    data: bytea('data').notNull(),
    categories: jsonb('categories').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.position] }), uniqueIndex('reference_columns_name_uq').on(t.versionId, t.name)],
);

/**
 * Mergeable profiles of logged predictions (src/monitoring/domain/profile), one row per
 * (version, environment, hour, basis, source): what reports read instead of the rows. `source`
 * 'rows' is built from prediction_logs (and can be rebuilt from it while the rows are kept),
 * 'upload' came as a profile (`steward log-profile`) and never had rows here.
 */
export const predictionProfiles = pgTable(
  'prediction_profiles',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => modelVersions.id),
    environment: text('environment').notNull(),
    hour: ts('hour').notNull(),
    basis: text('basis').notNull(),
    source: text('source').notNull(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    rows: bigint('rows', { mode: 'number' }).notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.environment, t.hour, t.basis, t.source] }), index('prediction_profiles_model_hour_idx').on(t.modelId, t.hour)],
);

/** Per version, the basis its 'rows' profiles were last (re)built on; another basis means a rebuild. */
export const profileBases = pgTable('profile_bases', {
  versionId: integer('version_id')
    .primaryKey()
    .references(() => modelVersions.id),
  basis: text('basis').notNull(),
  builtAt: ts('built_at').notNull(),
});
