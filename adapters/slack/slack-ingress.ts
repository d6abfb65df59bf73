/**
 * Slack's endpoint on the ingress thread (src/http/http-ingress.ts): Bolt's own functions verify the
 * signature and timestamp and parse the body, then a slash command or an Events API event is acked
 * here at once — 200, empty body — and handed to Bolt on the main thread (slack-ingress-receiver.ts),
 * which runs the listeners. Anything else (clicks, modal submissions) waits for the listener's ack
 * from the main thread, as with Bolt's HTTPReceiver. The functions are `HTTPModuleFunctions`, the
 * namespace Bolt exports from its package entry for custom receivers (its HTTPReceiver uses the same;
 * `parseAndVerifyHTTPRequest` calls Bolt's `verifySlackRequest`); nothing is imported from Bolt's dist.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions as http } from '@slack/bolt';
import type { IngressFactory } from '../../src/http/http-ingress.js';

export interface SlackIngressOptions {
  readonly signingSecret: string;
  /** the slash command acked here (null: every request waits for Bolt's ack — tests' processBeforeResponse) */
  readonly fastAckCommand: string | null;
  /** Int32 [0]: requests handed to the main thread that Bolt has not finished yet (the main thread counts down) */
  readonly pending: SharedArrayBuffer;
  /** at this many pending, a slash command is acked with `busyAck` and other requests get 503 (Slack retries events) */
  readonly maxPending: number;
  readonly busyAck: Record<string, unknown>;
}

/** to the main thread: a verified request; `id` when its HTTP answer waits for `SlackAck` */
export interface SlackForwarded {
  readonly id?: number;
  readonly body: Record<string, unknown>;
  /** X-Slack-Signature: the main thread refuses a replay that reached another replica first */
  readonly signature: string;
  readonly retryNum?: number;
  readonly retryReason?: string;
}

/** from the main thread: the ack (status 200 with Bolt's ack body) or an error status */
export interface SlackAck {
  readonly id: number;
  readonly status: number;
  readonly body?: unknown;
}

/** Bolt's HTTPReceiver answers 404 when a listener does not ack within 3 s (Slack shows an error). */
const UNACKED_MS = 3001;
/** Bolt accepts a timestamp up to 5 minutes off; a signature is remembered a little longer than that window. */
export const REPLAY_WINDOW_MS = 11 * 60_000;
const MAX_REMEMBERED = 200_000;

/**
 * Signatures of the requests this thread took, for as long as Bolt would accept their timestamp: a
 * request signed exactly as an earlier one is a replay (Slack signs each request it sends, retries
 * included, with its own timestamp), refused with 401 and never handed on. Per replica, at once;
 * a replay sent to another replica is caught on the main thread, against the database.
 */
function replayGuard(now: () => number = Date.now) {
  const seen = new Map<string, number>();
  return {
    /** true the first time this signature is seen within the window */
    first(signature: string): boolean {
      const t = now();
      for (const [k, until] of seen) {
        if (until > t && seen.size < MAX_REMEMBERED) break; // oldest first: the rest are newer
        seen.delete(k);
      }
      if (seen.has(signature)) return false;
      seen.set(signature, t + REPLAY_WINDOW_MS);
      return true;
    },
  };
}

export const ingress: IngressFactory<SlackIngressOptions> = (o, toMain, log) => {
  const pending = new Int32Array(o.pending);
  const waiting = new Map<number, { res: ServerResponse; timer: NodeJS.Timeout }>();
  const replays = replayGuard();
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = http.parseHTTPRequestBody(await http.parseAndVerifyHTTPRequest({ signingSecret: o.signingSecret }, req));
    } catch (e) {
      if (http.isRawBodyError(e) && (e.type === 'entity.too.large' || e.statusCode === 413)) return http.buildNoBodyResponse(res, 413);
      log('warn', { src: 'slack' }, `Failed to parse and verify the request data: ${(e as Error).message}`);
      return http.buildNoBodyResponse(res, 401);
    }
    // signed, but not an object (e.g. payload=null): nothing Slack sends
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      log('warn', { src: 'slack' }, 'a signed Slack request whose body is not an object was refused');
      return http.buildNoBodyResponse(res, 400);
    }
    const signature = String(req.headers['x-slack-signature']);
    if (!replays.first(signature)) {
      log('warn', { src: 'slack' }, 'a replayed Slack request (the signature of one already taken) was refused');
      return http.buildNoBodyResponse(res, 401);
    }
    if (body.ssl_check === '1') return http.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return http.buildUrlVerificationResponse(res, body);
    const isCommand = typeof body.command === 'string';
    if (Atomics.load(pending, 0) >= o.maxPending) {
      log('warn', { src: 'slack', pending: o.maxPending }, 'slack request refused: the main thread has too much waiting');
      return isCommand ? http.buildContentResponse(res, o.busyAck) : http.buildNoBodyResponse(res, 503);
    }
    const retryNum = http.extractRetryNumFromHTTPRequest(req);
    const retryReason = http.extractRetryReasonFromHTTPRequest(req);
    const fwd = { body, signature, ...(retryNum !== undefined ? { retryNum } : {}), ...(retryReason !== undefined ? { retryReason } : {}) };
    Atomics.add(pending, 0, 1);
    if (o.fastAckCommand !== null && (body.command === o.fastAckCommand || body.type === 'event_callback')) {
      http.buildContentResponse(res, undefined); // the ack
      return toMain(fwd satisfies SlackForwarded);
    }
    const id = ++seq;
    const timer = setTimeout(() => {
      waiting.delete(id);
      log('error', { src: 'slack' }, 'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.');
      if (!res.headersSent) http.buildNoBodyResponse(res, 404);
    }, UNACKED_MS);
    waiting.set(id, { res, timer });
    toMain({ id, ...fwd } satisfies SlackForwarded);
  }

  return {
    handle(req, res) {
      handle(req, res).catch((e: unknown) => {
        log('error', { src: 'slack', err: (e as Error).message }, 'slack ingress failed');
        if (!res.headersSent) http.buildNoBodyResponse(res, 500);
      });
    },
    onMessage(msg) {
      const a = msg as SlackAck;
      const w = waiting.get(a.id);
      if (!w) return; // answered by the timeout already
      waiting.delete(a.id);
      clearTimeout(w.timer);
      if (a.status === 200) http.buildContentResponse(w.res, a.body);
      else http.buildNoBodyResponse(w.res, a.status);
    },
  };
};
