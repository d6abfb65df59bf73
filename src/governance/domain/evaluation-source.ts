/** Measured evaluation values (drift share, fairness metrics) for a version in an environment, when monitoring has data. */
export interface MeasuredEvaluation {
  readonly driftShare?: number;
  readonly fairness?: Readonly<Record<string, number>>;
}

export interface EvaluationSource {
  measured(model: string, version: number, environment: string): Promise<MeasuredEvaluation>;
}

export const noMeasurements: EvaluationSource = { measured: async () => ({}) };
