/** Storage of the MLflow mirror (src/db/repos/mirror-repo.ts, and the in-memory fake). */

export interface MirroredModel {
  readonly modelId: number;
  readonly modelName: string;
  readonly mlflowName: string;
  readonly linkedAt: Date;
}

export interface MirroredVersion {
  readonly versionId: number;
  readonly modelId: number;
  readonly version: number;
  readonly runId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | null;
  readonly mlflowUser: string | null;
  /** its run's metrics and parameters are still to be fetched (MLflow did not answer) */
  readonly runPending: boolean;
  /** when reconciliation found it gone from MLflow (it stays in Steward's history) */
  readonly deletedAt: Date | null;
}

export interface MirrorRepo {
  /** Records a webhook delivery; false when it was recorded before (a retry, or another replica's). */
  claimDelivery(deliveryId: string, event: string, at: Date): Promise<boolean>;
  linkModel(modelId: number, mlflowName: string, at: Date): Promise<void>;
  modelByMlflowName(mlflowName: string): Promise<MirroredModel | null>;
  modelOf(modelId: number): Promise<MirroredModel | null>;
  linkedModels(): Promise<MirroredModel[]>;
  addVersion(v: Omit<MirroredVersion, 'deletedAt'>, at: Date): Promise<void>;
  versions(modelId: number): Promise<MirroredVersion[]>;
  version(versionId: number): Promise<MirroredVersion | null>;
  /** versions whose run facts are still to be fetched, oldest first */
  pendingRuns(limit: number): Promise<(MirroredVersion & { readonly modelName: string })[]>;
  /** the run's metrics and parameters, fetched at last: merged into the version, no longer pending */
  setRunFacts(versionId: number, metrics: Readonly<Record<string, number>>, params: Readonly<Record<string, string>>): Promise<void>;
  markDeleted(versionId: number, at: Date): Promise<void>;
  /** models.latest_version = max(latest, version) */
  raiseLatest(modelId: number, version: number): Promise<void>;
  /** the last position of an alias Steward saw: a version, null (deleted), undefined (never seen) */
  aliasAt(modelId: number, alias: string): Promise<number | null | undefined>;
  setAlias(modelId: number, alias: string, version: number | null, at: Date): Promise<void>;
}
