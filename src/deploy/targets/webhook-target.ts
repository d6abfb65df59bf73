import type { DeployJob, DeployTarget, TargetOutcome, TargetPlan } from '../domain/target.js';
import type { WebhookTargetConfig } from '../../config/targets-schema.js';
import type { FetchFn } from './http-call.js';
import { postSigned } from './signed-post.js';

export interface TargetRuntime {
  readonly now?: () => Date;
  readonly fetch?: FetchFn;
  /** the MLflow registered model a Steward model mirrors (registry: mlflow), for `{model}` in an MLflow target */
  readonly mlflowNameOf?: (model: string) => Promise<string | null>;
}

export const idempotencyKey = (deploymentId: number) => `steward-deployment-${deploymentId}`;
export const callbackPath = (deploymentId: number | string) => `/api/v1/deployments/${deploymentId}/callback`;

/** The JSON Steward POSTs to the receiver (documented in README "Deploy targets"). */
export function webhookBody(job: DeployJob): string {
  return JSON.stringify({
    deploymentId: job.deploymentId,
    model: job.model,
    version: job.version,
    artifactUri: job.artifactUri,
    sha256: job.sha256,
    environment: job.environment,
    requestedBy: job.requestedBy,
    approvedBy: job.approvedBy,
    rollback: job.rollback,
  });
}

/**
 * POSTs the signed deployment to a receiver. The receiver answers done (2xx {"status":
 * "succeeded"|"failed", "message"?}) or accepted (202, or 2xx {"status": "accepted", "url"?}) and
 * then reports completion to POST /api/v1/deployments/<id>/callback, signed the same way, its body
 * naming the deployment ({"deploymentId": <id>, "status", …}: src/http/deploy-callback-route.ts).
 */
export function webhookTarget(cfg: WebhookTargetConfig, rt: TargetRuntime = {}): DeployTarget {
  const shown = displayUrl(cfg.url);
  return {
    kind: 'webhook',
    async plan(job): Promise<TargetPlan> {
      return {
        summary: `webhook POST ${shown}`,
        steps: [
          `POST ${shown} with ${job.model} v${job.version} for ${job.environment} (signed HMAC-SHA256, idempotency key steward-deployment-<id>)`,
          `the receiver answers done, or accepted and reports completion to ${callbackPath('<id>')}`,
        ],
      };
    },
    async start(job): Promise<TargetOutcome> {
      return postSigned(cfg, rt, { body: webhookBody(job), idempotencyKey: idempotencyKey(job.deploymentId), refId: String(job.deploymentId), configPath: `targets.${job.environment}.url` });
    },
    async check(_job, ref): Promise<TargetOutcome> {
      // completion only comes by the signed callback
      return { state: 'running', ref };
    },
  };
}

/** The URL as shown on cards: a query string (which may hold a token) is elided. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === '/' ? '' : u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return url;
  }
}
