import type { CheckedMetric } from '../../monitoring/domain/quality-check.js';

/** Measured evaluation values (drift share, fairness metrics) for a version in an environment, when monitoring has data. */
export interface MeasuredEvaluation {
  readonly driftShare?: number;
  readonly fairness?: Readonly<Record<string, number>>;
}

/** Live quality of a version's labelled predictions in an environment, next to the registered values. */
export interface QualityEvidence {
  readonly environment: string;
  /** e.g. "7d" */
  readonly window: string;
  readonly predictions: number;
  readonly labelled: number;
  readonly metrics: readonly CheckedMetric[];
  /** why nothing could be measured (no predictions, unknown task, no version), else null */
  readonly note: string | null;
}

export interface EvaluationSource {
  measured(model: string, version: number, environment: string): Promise<MeasuredEvaluation>;
  /** live quality for the quality gate; absent: quality is not measured (the gate fails closed) */
  quality?(model: string, version: number, environment: string): Promise<QualityEvidence>;
}

export const noMeasurements: EvaluationSource = { measured: async () => ({}) };
