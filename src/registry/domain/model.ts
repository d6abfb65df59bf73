/** Registry domain types. Pure data: storage lives behind ports. */

export interface Model {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly ownerTeam: string | null;
  readonly tags: readonly string[];
  readonly latestVersion: number;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** Model-card fields recorded with a version. */
export interface ModelCard {
  intendedUse?: string;
  limitations?: string;
  ethicalConsiderations?: string;
  evaluationData?: string;
}

export const MODEL_CARD_FIELDS = ['intendedUse', 'limitations', 'ethicalConsiderations', 'evaluationData'] as const;
export type ModelCardField = (typeof MODEL_CARD_FIELDS)[number];

/**
 * Evaluation results registered with a version and read by the governance gates: fairness metrics
 * (e.g. demographicParityRatio) and the drift share measured against the reference data.
 */
export interface Evaluation {
  fairness?: Record<string, number>;
  driftShare?: number;
}

export type ParamValue = string | number | boolean;

export interface ModelVersion {
  readonly id: number;
  readonly modelId: number;
  readonly modelName: string;
  readonly version: number;
  readonly artifactUri: string;
  readonly sha256: string | null;
  readonly framework: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly datasetUri: string | null;
  readonly datasetSha256: string | null;
  readonly codeCommit: string | null;
  readonly card: Readonly<ModelCard>;
  readonly evaluation: Readonly<Evaluation>;
  /** the training run that produced it (`register … --trigger <id>`), or null */
  readonly trainingRunId: number | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface NewModel {
  name: string;
  description?: string;
  ownerTeam?: string | null;
  tags?: string[];
}

export interface NewVersion {
  artifactUri: string;
  sha256?: string | null;
  framework?: string | null;
  metrics?: Record<string, number>;
  params?: Record<string, ParamValue>;
  datasetUri?: string | null;
  datasetSha256?: string | null;
  codeCommit?: string | null;
  card?: ModelCard;
  evaluation?: Evaluation;
  trainingRunId?: number | null;
}
