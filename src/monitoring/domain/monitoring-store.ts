/**
 * Storage ports and records for monitoring data: API tokens, prediction logs (with labels attached
 * later) and per-version reference datasets. Pure types; implementations live in src/db/repos
 * and test/fakes.
 */

export type Scalar = string | number | boolean | null;

export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly role: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  /** null: it does not expire */
  readonly expiresAt: Date | null;
  /** when it last authenticated a request (kept to the minute) */
  readonly lastUsedAt: Date | null;
}

export interface TokenRepo {
  /** null when a token with this name exists (revoked ones too). `hash` is sha256 hex of the secret. */
  create(t: { name: string; role: string; hash: string; createdBy: string; createdAt: Date; expiresAt?: Date | null }): Promise<ApiToken | null>;
  /** The live token with this hash: not revoked, not expired at `now`. */
  byHash(hash: string, now?: Date): Promise<ApiToken | null>;
  /** Records a use (at most one write a minute per token). */
  touch(id: number, at: Date): Promise<void>;
  list(): Promise<ApiToken[]>;
  /** false when there is no live token of that name */
  revoke(name: string, at: Date): Promise<boolean>;
}

export interface NewPrediction {
  readonly modelId: number;
  readonly versionId: number;
  readonly environment: string;
  /** unique per model */
  readonly predictionId: string;
  readonly at: Date;
  readonly features: Readonly<Record<string, Scalar>>;
  readonly prediction: Scalar;
  /** the probability of the positive class (0–1), or null */
  readonly score: number | null;
  readonly label: Scalar | undefined;
  readonly sensitive: Readonly<Record<string, Scalar>> | null;
  /** a person's key, for erasure (never shown in reports) */
  readonly subject: string | null;
  readonly loggedBy: string;
  readonly loggedAt: Date;
}

export interface PredictionRecord {
  /** storage order, for paging */
  readonly seq: number;
  readonly predictionId: string;
  readonly versionId: number;
  readonly environment: string;
  readonly at: Date;
  readonly features: Readonly<Record<string, Scalar>>;
  readonly prediction: Scalar;
  readonly score: number | null;
  /** undefined: no label yet */
  readonly label: Scalar | undefined;
  /** when the label was attached later; null: no label, or one logged with the prediction (its delay is not known) */
  readonly labeledAt: Date | null;
  readonly sensitive: Readonly<Record<string, Scalar>> | null;
}

export interface PredictionWindow {
  readonly modelId: number;
  readonly versionId?: number;
  readonly environment?: string;
  /** inclusive */
  readonly from: Date;
  /** exclusive */
  readonly to: Date;
  /** only predictions with a label */
  readonly labeled?: boolean;
}

/** Where a page ended: the next page starts after it. */
export interface PageCursor {
  readonly at: Date;
  readonly seq: number;
}

export interface PredictionRepo {
  /**
   * Inserts the rows (with COPY where the database has it). Returns [] when every row was
   * inserted. Otherwise it returns prediction ids already logged for their model (at least the
   * first such row's; an id repeated within `rows` counts too), and the transaction is then
   * unusable — a failed COPY aborts it — so the caller must end it with a rollback (an error
   * result); what this call wrote goes with it.
   * `rows` may be produced while they are inserted (e.g. a generator validating them, so that
   * the database inserts earlier rows meanwhile); it must not use the transaction while it runs.
   */
  insertMany(rows: Iterable<NewPrediction> | AsyncIterable<NewPrediction>): Promise<string[]>;
  /** Sets labels by prediction id; returns the ids that do not exist for the model (nothing is set for them). */
  attachLabels(modelId: number, labels: readonly { predictionId: string; label: Scalar }[], at: Date): Promise<string[]>;
  /** Oldest first by (at, seq), after `cursor`. */
  page(w: PredictionWindow, cursor: PageCursor | null, limit: number): Promise<PredictionRecord[]>;
  count(w: PredictionWindow): Promise<number>;
}

export type ReferenceColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'categorical'; readonly codes: Int32Array; readonly categories: readonly string[] };

export interface ReferenceSummary {
  readonly versionId: number;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical' }[];
  /** sha256 of the stored column bytes, to tell uploads apart */
  readonly sha256: string;
  /** file name or "request body" */
  readonly source: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export interface ReferenceDataset extends ReferenceSummary {
  readonly data: readonly ReferenceColumn[];
}

export interface ReferenceRepo {
  /** Stores (replacing any previous) the version's reference data; returns the previous summary or null. */
  put(d: ReferenceDataset): Promise<ReferenceSummary | null>;
  get(versionId: number): Promise<ReferenceDataset | null>;
  summary(versionId: number): Promise<ReferenceSummary | null>;
}

/** Where a profile row's counts came from: logged rows (rebuildable while they are kept) or an uploaded profile. */
export type ProfileSource = 'rows' | 'upload';

export interface ProfileKey {
  readonly versionId: number;
  readonly environment: string;
  /** the start of the UTC hour */
  readonly hour: Date;
  readonly basis: string;
  readonly source: ProfileSource;
}

export interface ProfileRow extends ProfileKey {
  readonly modelId: number;
  readonly rows: number;
  /** a profile in its JSON form (domain/profile/profile-json.ts) */
  readonly data: unknown;
}

/** A logged prediction a label is about to be attached to, as it is now. */
export interface LabelTarget {
  readonly predictionId: string;
  readonly versionId: number;
  readonly environment: string;
  readonly at: Date;
  readonly prediction: Scalar;
  readonly score: number | null;
  readonly label: Scalar | undefined;
  readonly labeledAt: Date | null;
  readonly sensitive: Readonly<Record<string, Scalar>> | null;
}

export interface ProfileRepo {
  /**
   * Locks the rows of these keys for the rest of the transaction, creating missing ones with
   * `empty` (0 rows), always in (version, environment, hour, basis, source) order so that two
   * writers never wait on each other in a cycle.
   */
  lock(modelId: number, keys: readonly ProfileKey[], empty: unknown, at: Date): Promise<ProfileRow[]>;
  save(row: ProfileRow, at: Date): Promise<void>;
  /** save, for many rows at once (a few statements) */
  saveMany(rows: readonly ProfileRow[], at: Date): Promise<void>;
  /** Rows of a version with hour in [from, to), every basis and source; one environment or all. */
  window(q: { versionId: number; environment?: string; from: Date; to: Date }): Promise<ProfileRow[]>;
  /** Deletes the version's 'rows' profiles of an environment with hour in [from, to), except the one keyed (keep.hour, keep.basis). */
  removeOthers(versionId: number, environment: string, from: Date, to: Date, keep: { hour: Date; basis: string }): Promise<void>;
  /** Up to `limit` (version, environment, basis, source, day) groups with an hourly profile (not at midnight) before `before`: what folding has left to do. */
  foldable(before: Date, limit: number): Promise<(Omit<ProfileKey, 'hour'> & { day: Date; modelId: number })[]>;
  /** Locks and returns the rows of one (version, environment, basis, source) with hour in [from, to). */
  lockRange(key: Omit<ProfileKey, 'hour'>, from: Date, to: Date): Promise<ProfileRow[]>;
  remove(keys: readonly ProfileKey[]): Promise<void>;
  /** The basis the version's 'rows' profiles were built on (null: never), locking that record when `forUpdate`. */
  versionBasis(versionId: number, forUpdate: boolean): Promise<string | null>;
  setVersionBasis(versionId: number, basis: string, at: Date): Promise<void>;
  /** Whether any prediction is logged for the version. */
  hasRawRows(versionId: number): Promise<boolean>;
  /** The (environment, hour) pairs in which the version has logged rows. */
  rawHours(versionId: number): Promise<{ environment: string; hour: Date }[]>;
  /** Deletes the model's logged predictions with these ids, or of this subject; returns where each one was. */
  eraseRows(modelId: number, by: { readonly ids: readonly string[] } | { readonly subject: string }): Promise<{ predictionId: string; versionId: number; environment: string; at: Date }[]>;
  /** Deletes up to `limit` logged predictions (of any model) older than `before`, without waiting on rows others hold; returns how many. */
  deleteRowsBefore(before: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` profiles older than `before` likewise. */
  deleteProfilesBefore(before: Date, limit: number): Promise<number>;
  /** The logged predictions with these ids (those that exist). */
  labelTargets(modelId: number, predictionIds: readonly string[]): Promise<LabelTarget[]>;
}
