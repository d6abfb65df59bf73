import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<raw body>") in hex. */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  readonly secret: string;
  /** seconds since the epoch; default now */
  readonly timestamp?: number;
  /** replace the computed signature (forgery tests) */
  readonly signature?: string;
  /** leave out the signature and timestamp headers */
  readonly unsigned?: boolean;
  readonly contentType?: string;
}

export interface PostResult {
  readonly status: number;
  readonly text: string;
  /** time to the response status line, ms */
  readonly ms: number;
}

/** POST a body to Steward's Slack endpoint exactly as Slack does: raw body, signed headers. */
export async function signedPost(url: string, body: string, o: SignedPostOptions): Promise<PostResult> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/x-www-form-urlencoded', 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  if (!o.unsigned) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = o.signature ?? slackSignature(o.secret, ts, body);
  }
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const ms = performance.now() - t0;
  return { status: res.status, text: await res.text(), ms };
}
