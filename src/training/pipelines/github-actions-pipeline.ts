import type { GithubActionsTargetConfig } from '../../config/targets-schema.js';
import { oneLine } from '../../deploy/targets/http-call.js';
import type { TargetRuntime } from '../../deploy/targets/webhook-target.js';
import { workflowDispatcher } from '../../deploy/targets/workflow-dispatch.js';
import type { TrainingJob, TrainingPipeline } from '../domain/pipeline.js';

/** The inputs a retraining workflow declares (all strings, as workflow_dispatch requires). */
export function trainingInputs(job: TrainingJob): Record<string, string> {
  return {
    model: job.model,
    from_version: job.fromVersion === null ? '' : String(job.fromVersion),
    reason: oneLine(job.reason, 500),
    trigger: job.trigger,
    training_run_id: String(job.runId),
  };
}

/**
 * Retraining through GitHub Actions: workflow_dispatch of the model's training workflow with
 * trainingInputs(), its run found by the run-name "steward training run <id>" and followed to its
 * conclusion (the deploy target's machinery).
 */
export function githubActionsPipeline(cfg: GithubActionsTargetConfig, rt: TargetRuntime = {}): TrainingPipeline {
  const gh = workflowDispatcher(cfg, rt, 'steward-training');
  const subject = (job: TrainingJob) => ({ noun: 'training run', id: job.runId });
  return {
    kind: 'github-actions',
    summary: `GitHub Actions ${cfg.workflow} on ${gh.where}`,
    start: (job) => gh.dispatch(subject(job), trainingInputs(job)),
    check: (job, ref) => gh.follow(subject(job), ref),
  };
}
