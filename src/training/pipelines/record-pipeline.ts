import type { TargetOutcome } from '../../deploy/domain/target.js';
import type { TrainingPipeline } from '../domain/pipeline.js';

/**
 * The zero-set-up pipeline (the demo's, or `pipeline: {kind: record}`): nothing is called. The run
 * stays running until someone registers its result with `--trigger <run id>` (or its deadline
 * passes), as the `record` deploy target records a deployment without calling anything.
 */
export function recordPipeline(model: string): TrainingPipeline {
  const waiting = (runId: number): TargetOutcome => ({ state: 'running', ref: { id: `record-${runId}` }, message: `no pipeline is called (record only): register the new version with \`steward register ${model} <artifact-uri> --trigger ${runId}\`` });
  return {
    kind: 'record',
    summary: 'record only: no training pipeline is called (configure training.<model>.pipeline in steward.yaml)',
    async start(job) {
      return waiting(job.runId);
    },
    async check(job) {
      return waiting(job.runId);
    },
  };
}
