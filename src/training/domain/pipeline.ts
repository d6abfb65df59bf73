import type { TargetOutcome, TargetRef } from '../../deploy/domain/target.js';

/** What a training pipeline is called with (the documented inputs: docs/targets.md "Training pipelines"). */
export interface TrainingJob {
  readonly runId: number;
  readonly model: string;
  readonly fromVersion: number | null;
  readonly reason: string;
  /** "request", "alert:<id>" or "auto:<alert id>" */
  readonly trigger: string;
  readonly requestedBy: string;
}

/**
 * A model's training pipeline behind one port, built on the deploy targets' machinery (GitHub
 * Actions workflow_dispatch, signed webhook). The runner owns retries, the deadline and the card.
 * A run ends when the pipeline registers a version with `--trigger <run id>`; a pipeline that
 * fails (or finishes without registering) fails the run.
 */
export interface TrainingPipeline {
  readonly kind: string;
  /** one line for the card: where it runs */
  readonly summary: string;
  start(job: TrainingJob): Promise<TargetOutcome>;
  check(job: TrainingJob, ref: TargetRef): Promise<TargetOutcome>;
}

/** The hand-off of a run ready to call its pipeline, after the transaction that made it so committed. */
export interface TrainingExecutor {
  submit(runId: number): Promise<void>;
}
