import type { WebhookTargetConfig } from '../../config/targets-schema.js';
import { postSigned } from '../../deploy/targets/signed-post.js';
import { displayUrl, type TargetRuntime } from '../../deploy/targets/webhook-target.js';
import type { TrainingJob, TrainingPipeline } from '../domain/pipeline.js';

export const trainingIdempotencyKey = (runId: number) => `steward-training-run-${runId}`;
export const trainingCallbackPath = (runId: number | string) => `/api/v1/training-runs/${runId}/callback`;

/** The JSON Steward POSTs to a training receiver (docs/targets.md "Training pipelines"). */
export function trainingWebhookBody(job: TrainingJob): string {
  return JSON.stringify({ trainingRunId: job.runId, model: job.model, fromVersion: job.fromVersion, reason: job.reason, trigger: job.trigger, requestedBy: job.requestedBy });
}

/**
 * Retraining through a signed webhook (the deploy webhook's signature and answers): the receiver
 * answers accepted and reports the end to POST /api/v1/training-runs/<id>/callback, signed the same
 * way; the new version arrives by `register … --trigger <id>`.
 */
export function webhookPipeline(cfg: WebhookTargetConfig, model: string, rt: TargetRuntime = {}): TrainingPipeline {
  return {
    kind: 'webhook',
    summary: `webhook POST ${displayUrl(cfg.url)}`,
    start: (job) => postSigned(cfg, rt, { body: trainingWebhookBody(job), idempotencyKey: trainingIdempotencyKey(job.runId), refId: String(job.runId), configPath: `training.${model}.pipeline.url`, userAgent: 'steward-training' }),
    // completion only comes by the signed callback (and the registration)
    check: async (_job, ref) => ({ state: 'running', ref }),
  };
}
