import type { DeployJob, DeployTarget, TargetOutcome, TargetPlan, TargetRef } from '../domain/target.js';
import type { WebhookTargetConfig } from '../../config/targets-schema.js';
import { answerMessage, callHttp, errorOutcome, type FetchFn, is2xx, oneLine } from './http-call.js';
import { signatureHeaders } from './signature.js';

export interface TargetRuntime {
  readonly now?: () => Date;
  readonly fetch?: FetchFn;
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
  const now = rt.now ?? (() => new Date());
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
      const body = webhookBody(job);
      const r = await callHttp(cfg.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'steward-deploy',
          'idempotency-key': idempotencyKey(job.deploymentId),
          ...signatureHeaders(cfg.secret, body, now()),
        },
        body,
        timeoutMs: cfg.timeoutMs,
        label: 'webhook',
        redirect: 'manual',
        fetch: rt.fetch,
      });
      if (!r.ok) return { state: 'retry', message: r.message };
      const a = r.answer;
      if (!is2xx(a.status)) {
        if (a.status >= 300 && a.status < 400) return { state: 'failed', message: oneLine(`webhook answered HTTP ${a.status} (a redirect to ${a.headers.get('location') ?? 'nowhere'}): configure the final URL in targets.${job.environment}.url`) };
        return errorOutcome('webhook', a);
      }
      const ref: TargetRef = { id: String(job.deploymentId) };
      const j = (a.json && typeof a.json === 'object' ? a.json : {}) as { status?: unknown; message?: unknown; url?: unknown };
      const message = typeof j.message === 'string' && j.message.trim() ? oneLine(j.message) : undefined;
      const url = typeof j.url === 'string' && /^https?:\/\//.test(j.url) ? j.url : undefined;
      const withUrl: TargetRef = url ? { ...ref, url } : ref;
      if (a.status === 202 || j.status === 'accepted') return { state: 'running', ref: withUrl, message: message ?? 'accepted by the webhook; waiting for its callback' };
      if (j.status === 'succeeded') return { state: 'succeeded', ref: withUrl, message: message ?? 'the webhook reported success' };
      if (j.status === 'failed') return { state: 'failed', ref: withUrl, message: message ?? 'the webhook reported failure without a message' };
      return {
        state: 'failed',
        ref,
        message: oneLine(`webhook answered HTTP ${a.status} without a status: expected JSON {"status": "succeeded"|"failed"|"accepted"} or 202 (got ${a.json === undefined ? answerMessage(a) : JSON.stringify(a.json)})`),
      };
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
