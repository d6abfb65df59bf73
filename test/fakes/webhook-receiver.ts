import { LoopbackServer } from './loopback-server.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** One request the receiver got, exactly as it arrived. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: unknown;
  /** the receiver's own verdict on X-Steward-Signature (documented algorithm only) */
  readonly signatureOk: boolean;
  readonly at: number;
}

export interface CallbackResult {
  readonly deploymentId: number;
  readonly status: number;
  readonly body: unknown;
}

type Behaviour =
  | { kind: 'answer'; status: number; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'accept'; stewardUrl: string; report: { status: 'succeeded' | 'failed'; message?: string; url?: string }; delayMs: number; secret?: string; timestamp?: number };

/**
 * A deploy webhook receiver as a customer would write one from the README: it verifies
 * X-Steward-Signature with its own few lines of HMAC (not Steward's code), records every request,
 * and can be told to fail N times, to never answer, or to accept (202) and later call Steward's
 * callback endpoint, signed the documented way: the body names the deployment ("deploymentId").
 * `now` (ms since the epoch) is its clock for signing and checking timestamps (default Date.now).
 */
export class WebhookReceiver extends LoopbackServer {
  readonly received: ReceivedRequest[] = [];
  readonly callbacks: CallbackResult[] = [];
  private readonly queue: Behaviour[] = [];
  private fallback: Behaviour = { kind: 'answer', status: 200, body: { status: 'succeeded', message: 'deployed' } };
  private readonly pending = new Set<Promise<void>>();

  constructor(readonly o: { secret: string; path?: string; rejectBadSignatures?: boolean; maxAgeSeconds?: number; now?: () => number }) {
    super();
  }

  get url(): string {
    return `${this.base}${this.o.path ?? '/deploy'}`;
  }

  override async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await super.close();
  }

  /** The next `n` requests get `status` (default 500); then the usual behaviour. */
  failTimes(n: number, status = 500, body: unknown = { error: 'internal error, try again' }): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'answer', status, body });
    return this;
  }
  /** Every later request gets this answer. */
  answerWith(status: number, body?: unknown): this {
    this.fallback = { kind: 'answer', status, body };
    return this;
  }
  /** Every later request is left without an answer. */
  hang(): this {
    this.fallback = { kind: 'hang' };
    return this;
  }
  /** Answer 202 {status: "accepted"}, then POST the signed report to Steward's callback. */
  acceptThenCallBack(stewardUrl: string, report: { status: 'succeeded' | 'failed'; message?: string; url?: string }, o: { delayMs?: number; secret?: string; timestamp?: number } = {}): this {
    this.fallback = { kind: 'accept', stewardUrl, report, delayMs: o.delayMs ?? 0, secret: o.secret, timestamp: o.timestamp };
    return this;
  }

  /** Resolves when every callback sent so far has been answered. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** The documented algorithm: sha256=hex(HMAC-SHA256(secret, "<timestamp>.<raw body>")), timestamp within 5 minutes. */
  static signatureValid(secret: string, headers: IncomingHttpHeaders, rawBody: string, maxAgeSeconds = 300, nowMs = Date.now()): boolean {
    const ts = headers['x-steward-timestamp'];
    const sig = headers['x-steward-signature'];
    if (typeof ts !== 'string' || typeof sig !== 'string' || !/^\d+$/.test(ts)) return false;
    if (Math.abs(nowMs / 1000 - Number(ts)) > maxAgeSeconds) return false;
    const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex')}`;
    return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const signatureOk = WebhookReceiver.signatureValid(this.o.secret, req.headers, body, this.o.maxAgeSeconds, this.now());
    this.received.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, json, signatureOk, at: Date.now() });
    if (!signatureOk && this.o.rejectBadSignatures !== false) return reply(res, 401, { error: 'invalid signature' });
    const b = this.queue.shift() ?? this.fallback;
    if (b.kind === 'hang') return;
    if (b.kind === 'answer') return reply(res, b.status, b.body);
    const id = (json as { deploymentId?: number } | undefined)?.deploymentId ?? 0;
    reply(res, 202, { status: 'accepted', url: `${this.base}/runs/${id}` });
    const p = (async () => {
      if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
      await this.callBack(b.stewardUrl, id, b.report, { secret: b.secret, timestamp: b.timestamp });
    })().catch(() => {});
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** The signed request for a report on `deploymentId`: {"deploymentId": <id>, ...report}, as the README says. */
  signedReport(deploymentId: number, report: object, o: { secret?: string; timestamp?: number; unsigned?: boolean; bodyDeploymentId?: unknown } = {}): { headers: Record<string, string>; body: string } {
    const named = o.bodyDeploymentId === undefined ? { deploymentId } : o.bodyDeploymentId === null ? {} : { deploymentId: o.bodyDeploymentId };
    const body = JSON.stringify({ ...named, ...report });
    const ts = o.timestamp ?? Math.floor(this.now() / 1000);
    const sig = `sha256=${createHmac('sha256', o.secret ?? this.o.secret).update(`${ts}.${body}`).digest('hex')}`;
    return { headers: { 'content-type': 'application/json', ...(o.unsigned ? {} : { 'x-steward-timestamp': String(ts), 'x-steward-signature': sig }) }, body };
  }

  /**
   * POST a signed report to Steward's callback for `deploymentId` (also usable directly by tests).
   * `bodyDeploymentId`: what the body names instead (null: nothing) — for refusal tests.
   */
  async callBack(stewardUrl: string, deploymentId: number | string, report: object, o: { secret?: string; timestamp?: number; unsigned?: boolean; bodyDeploymentId?: unknown } = {}): Promise<CallbackResult> {
    const { headers, body: raw } = this.signedReport(Number(deploymentId), report, o);
    const res = await fetch(`${stewardUrl}/api/v1/deployments/${deploymentId}/callback`, { method: 'POST', headers, body: raw });
    const text = await res.text();
    const out: CallbackResult = { deploymentId: Number(deploymentId), status: res.status, body: text ? JSON.parse(text) : undefined };
    this.callbacks.push(out);
    return out;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
