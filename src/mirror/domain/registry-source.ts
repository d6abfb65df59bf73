import type { Result } from '../../core/result.js';

/** One MLflow model version as the registry tells it. */
export interface SourceVersion {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly runId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | null;
  /** who registered it in MLflow, when MLflow says */
  readonly userId: string | null;
  /** READY, PENDING_REGISTRATION, FAILED_REGISTRATION */
  readonly status: string;
}

/** One MLflow registered model and where its aliases point. */
export interface SourceModel {
  readonly name: string;
  readonly description: string | null;
  /** alias -> version */
  readonly aliases: Readonly<Record<string, number>>;
}

/** What a version's training run logged. */
export interface SourceRun {
  readonly metrics: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, string>>;
  readonly userId: string | null;
}

/**
 * The external registry Steward mirrors (MLflow's REST API: src/mirror/mlflow/mlflow-client.ts).
 * Every call answers a value or an `unavailable` error saying what failed; lists follow every page.
 */
export interface RegistrySource {
  readonly url: string;
  /** every registered model (the caller picks the mirrored ones) */
  models(): Promise<Result<SourceModel[]>>;
  /** null when it does not exist */
  model(name: string): Promise<Result<SourceModel | null>>;
  versions(name: string): Promise<Result<SourceVersion[]>>;
  /** null when the run does not exist */
  run(runId: string): Promise<Result<SourceRun | null>>;
  setAlias(name: string, alias: string, version: number): Promise<Result<void>>;
  deleteAlias(name: string, alias: string): Promise<Result<void>>;
}
