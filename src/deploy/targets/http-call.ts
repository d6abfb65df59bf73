import type { TargetOutcome } from '../domain/target.js';

/** Node's global fetch (undici); injectable for nothing but tests of odd transports. */
export type FetchFn = typeof fetch;

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  /** the parsed JSON body, or undefined when the body is empty or not JSON */
  readonly json: unknown;
  readonly text: string;
  readonly headers: Headers;
}

/** A response of any status, or a transport failure (timeout, refused, reset, DNS) — always retryable. */
export type CallResult = { readonly ok: true; readonly answer: HttpAnswer } | { readonly ok: false; readonly message: string };

export interface CallOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** what to call the other side in messages: "webhook", "GitHub", "MLflow" */
  readonly label: string;
  readonly redirect?: 'follow' | 'manual' | 'error';
  readonly fetch?: FetchFn;
}

export const MAX_MESSAGE = 300;

/** Whitespace folded to one line, at most `max` characters. */
export function oneLine(s: string, max = MAX_MESSAGE): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** One request, one attempt; the timeout covers connecting, the answer and reading the body. */
export async function callHttp(url: string, o: CallOptions): Promise<CallResult> {
  const f = o.fetch ?? fetch;
  try {
    const res = await f(url, { method: o.method, headers: o.headers, body: o.body, redirect: o.redirect ?? 'follow', signal: AbortSignal.timeout(o.timeoutMs) });
    const text = await res.text();
    let json: unknown;
    if (text.trim()) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { ok: true, answer: { status: res.status, statusText: res.statusText, json, text, headers: res.headers } };
  } catch (e) {
    return { ok: false, message: oneLine(transportMessage(e, url, o)) };
  }
}

function transportMessage(e: unknown, url: string, o: CallOptions): string {
  const host = safeHost(url);
  const name = (e as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `${o.label} at ${host} did not answer within ${fmtSeconds(o.timeoutMs)}`;
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection to ${o.label} at ${host} refused (is it running?)`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `connection to ${o.label} at ${host} was reset`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${o.label} host ${host.replace(/:\d+$/, '')} (DNS)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${o.label} at ${host} did not answer in time`;
    default:
      return `request to ${o.label} at ${host} failed: ${cause?.message ?? (e instanceof Error ? e.message : String(e))}`;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

const fmtSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/** The other side's own words: body.message, body.error (text or {message}), or the text itself. */
export function answerMessage(a: HttpAnswer): string {
  const j = a.json as Record<string, unknown> | undefined;
  if (j && typeof j === 'object' && !Array.isArray(j)) {
    for (const k of ['message', 'error_description', 'error', 'detail']) {
      const v = j[k];
      if (typeof v === 'string' && v.trim()) return oneLine(v);
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') return oneLine((v as { message: string }).message);
    }
  }
  const t = a.text.trim();
  if (t && !t.startsWith('<') && !t.startsWith('{')) return oneLine(t);
  return a.statusText || 'no message';
}

/** Retry later: 5xx, 408 Request Timeout and 429 Too Many Requests are about the moment, not the request. */
export const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** A non-2xx answer as an outcome: transient -> retry, anything else -> failed with the target's message. */
export function errorOutcome(label: string, a: HttpAnswer, hint = ''): TargetOutcome {
  const message = oneLine(`${label} answered HTTP ${a.status}: ${answerMessage(a)}${hint}`);
  return isTransientStatus(a.status) ? { state: 'retry', message } : { state: 'failed', message };
}

export const is2xx = (status: number) => status >= 200 && status < 300;
