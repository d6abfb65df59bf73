import { type App, ErrorCode, type Receiver } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { IngressRoute } from '../../src/http/http-server.js';
import { createHash } from 'node:crypto';
import { REPLAY_WINDOW_MS, type SlackAck, type SlackForwarded, type SlackIngressOptions } from './slack-ingress.js';

/**
 * Bolt's receiver on the main thread for HTTP mode: the requests slack-ingress.ts verified on the
 * ingress thread go through Bolt's App (middleware, listeners) here. For a request the ingress
 * acked already, ack() does nothing; otherwise the listener's ack goes back as the HTTP answer (at
 * once, or with processBeforeResponse when Bolt has finished). Bolt errors before an ack answer 401
 * (authorization) or 500, as with Bolt's HTTPReceiver.
 */
/** The Slack endpoint's body limit unless steward.yaml limits.slackBody says otherwise. */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;

/** How long the replay check may wait for the database before the request is taken anyway. */
const CHECK_MS = 1000;

export class SlackIngressReceiver implements Receiver {
  private app: App | null = null;
  private readonly pending = new SharedArrayBuffer(4);
  private readonly pendingCount = new Int32Array(this.pending);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: { readonly processBeforeResponse: boolean; readonly log: Logger; readonly firstSeen: (key: string, validForMs: number) => Promise<boolean> }) {}

  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The route to mount on Steward's HTTP server. */
  route(method: string, path: string, options: Omit<SlackIngressOptions, 'pending'>): IngressRoute {
    return {
      method,
      path,
      ingress: { module: new URL('./slack-ingress.js', import.meta.url).href, options: { ...options, pending: this.pending } satisfies SlackIngressOptions },
      // what Slack sends is small (a slash command, an event, a click: kilobytes); far more is refused unread
      maxBodyBytes: SLACK_MAX_BODY_BYTES,
      onMessage: (msg, reply) => this.receive(msg as SlackForwarded, reply),
    };
  }

  /** Resolves when Bolt has finished with every request received so far (shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Whether no replica took this request before; a database slower than CHECK_MS counts as no (the ack must come within 3 s). */
  private async firstSeen(signature: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(true), CHECK_MS)));
    try {
      return await Promise.race([this.o.firstSeen(`slack:${createHash('sha256').update(signature).digest('hex')}`, REPLAY_WINDOW_MS), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private receive(m: SlackForwarded, reply: (a: SlackAck) => void): void {
    const { id } = m;
    let acked = id === undefined;
    let stored: unknown;
    const answer = (status: number, body?: unknown) => {
      if (id !== undefined) reply({ id, status, ...(body !== undefined ? { body } : {}) });
    };
    const ack = async (body?: unknown) => {
      if (acked) return; // the ingress acked it already (or it was acked before: Bolt ignores that too)
      acked = true;
      if (this.o.processBeforeResponse) stored = body ?? '';
      else answer(200, body);
    };
    const run = async () => {
      // a replay of a request another replica took already (this thread's ingress knows only its own)
      if (!(await this.firstSeen(m.signature))) {
        this.o.log.warn({ src: 'slack' }, 'a replayed Slack request (taken already by another replica) was refused');
        return answer(401);
      }
      await this.app!.processEvent({ body: m.body, ack, ...(m.retryNum !== undefined ? { retryNum: m.retryNum } : {}), ...(m.retryReason !== undefined ? { retryReason: m.retryReason } : {}), customProperties: {} });
      if (stored !== undefined) answer(200, stored);
    };
    const done = run()
      .catch((e: { code?: string; message?: string }) => {
        this.o.log.error({ src: 'slack', err: e.message, code: e.code }, 'slack request failed in Bolt');
        if (!acked || stored !== undefined) answer(e.code === ErrorCode.AuthorizationError ? 401 : 500);
      })
      .finally(() => {
        Atomics.sub(this.pendingCount, 0, 1);
        this.inFlight.delete(done);
      });
    this.inFlight.add(done);
  }
}
