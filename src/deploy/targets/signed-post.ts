import type { WebhookTargetConfig } from '../../config/targets-schema.js';
import type { TargetOutcome, TargetRef } from '../domain/target.js';
import { answerMessage, callHttp, errorOutcome, is2xx, oneLine } from './http-call.js';
import { signatureHeaders } from './signature.js';
import type { TargetRuntime } from './webhook-target.js';

export interface SignedPost {
  /** the JSON body, signed as sent */
  readonly body: string;
  readonly idempotencyKey: string;
  /** the ref id of what was started (the deployment or training run id) */
  readonly refId: string;
  /** where the URL is configured, for the redirect message: "targets.staging.url" */
  readonly configPath: string;
  readonly userAgent?: string;
}

/**
 * One signed POST to a webhook receiver (X-Steward-Timestamp, X-Steward-Signature, Idempotency-Key),
 * shared by the deploy target and the training pipelines. The receiver answers done (2xx
 * {"status": "succeeded"|"failed", "message"?}) or accepted (202, or 2xx {"status": "accepted",
 * "url"?}) and reports completion later to its signed callback.
 */
export async function postSigned(cfg: Pick<WebhookTargetConfig, 'url' | 'secret' | 'timeoutMs'>, rt: TargetRuntime, p: SignedPost): Promise<TargetOutcome> {
  const now = rt.now ?? (() => new Date());
  const r = await callHttp(cfg.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': p.userAgent ?? 'steward-deploy',
      'idempotency-key': p.idempotencyKey,
      ...signatureHeaders(cfg.secret, p.body, now()),
    },
    body: p.body,
    timeoutMs: cfg.timeoutMs,
    label: 'webhook',
    redirect: 'manual',
    fetch: rt.fetch,
  });
  if (!r.ok) return { state: 'retry', message: r.message };
  const a = r.answer;
  if (!is2xx(a.status)) {
    if (a.status >= 300 && a.status < 400) return { state: 'failed', message: oneLine(`webhook answered HTTP ${a.status} (a redirect to ${a.headers.get('location') ?? 'nowhere'}): configure the final URL in ${p.configPath}`) };
    return errorOutcome('webhook', a);
  }
  const ref: TargetRef = { id: p.refId };
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
}
