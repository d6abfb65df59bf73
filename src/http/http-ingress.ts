import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * The ingress: Steward's HTTP server runs on a worker thread of its own, so that reading requests
 * (and acking Slack) never waits behind work on the main thread — dispatching commands, database
 * queries, rendering, garbage collection of a bigger heap. Plain routes are handed to the main
 * thread and answered from there — for a route that admits, the head first ('head' -> 'admit' or a
 * refusal 'res'), then the body ('req' -> 'res'); a route with an ingress module runs that module's
 * handler on the ingress thread and exchanges messages with its `onMessage` on the main thread.
 */

export type IngressLogLevel = 'info' | 'warn' | 'error' | 'debug';
/** How code on the ingress thread logs: the line goes to Steward's logger on the main thread. */
export type IngressLog = (level: IngressLogLevel, obj: object, msg: string) => void;

export interface IngressHandler {
  /** a request for the route, on the ingress thread */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** what the route's onMessage on the main thread replied */
  onMessage(msg: unknown): void;
}

/** What an ingress module exports as `ingress`. `toMain` posts to the route's onMessage. */
export type IngressFactory<O> = (options: O, toMain: (msg: unknown) => void, log: IngressLog) => IngressHandler;

/** A route as the ingress thread sees it. */
export interface IngressRouteSpec {
  readonly method: string;
  readonly path: string;
  /** absolute module URL exporting `ingress`, and its (structured-cloneable) options */
  readonly ingress?: { readonly module: string; readonly options: unknown };
  /** plain route: the main thread decides from the head (`t: 'head'`) before the body is read */
  readonly admits?: boolean;
  /** bodies above this are refused with 413 (ingress routes too: counted as they arrive) */
  readonly maxBodyBytes: number;
}

export interface IngressConfig {
  readonly host: string;
  readonly port: number;
  /** plain routes' bodies read and not yet answered, all requests together; above it 503 */
  readonly maxBytesInFlight: number;
  readonly routes: readonly IngressRouteSpec[];
  /** a client that has not sent its whole head by then is answered 408 and disconnected (ms) */
  readonly headersTimeoutMs: number;
  /** a request (head and body) not received by then is answered 408 and disconnected (ms) */
  readonly requestTimeoutMs: number;
}

/** A request as it crosses to the main thread (the path still %-encoded, params decoded). */
export interface RequestHead {
  readonly id: number;
  readonly route: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: Record<string, string>;
}

/** ingress thread -> main thread */
export type FromIngress =
  | { readonly t: 'listening'; readonly port: number }
  | { readonly t: 'failed'; readonly message: string; readonly code?: string }
  /** a request to an admitting route, before its body is read: answer 'admit' or 'res' */
  | ({ readonly t: 'head' } & RequestHead)
  /** a request with its body (after 'admit' for an admitting route) */
  | ({ readonly t: 'req'; readonly body: Uint8Array } & RequestHead)
  /** an admitted request ended before its body was read (the client left, or a limit refused it) */
  | { readonly t: 'gone'; readonly id: number }
  | { readonly t: 'msg'; readonly route: number; readonly data: unknown }
  /** an ingress route answered (e.g. Slack's ack): counted on the main thread like a plain route's answer */
  | { readonly t: 'answered'; readonly route: number; readonly method: string; readonly status: number; readonly seconds: number }
  | { readonly t: 'log'; readonly level: IngressLogLevel; readonly obj: object; readonly msg: string }
  | { readonly t: 'closed' };

/** main thread -> ingress thread */
export type ToIngress =
  /** the answer to 'req', or to 'head' (a refusal: the body is never read) */
  | { readonly t: 'res'; readonly id: number; readonly status: number; readonly headers: Record<string, string>; readonly payload: string | Uint8Array }
  /** read the body of this 'head' and send 'req' (or 'gone') */
  | { readonly t: 'admit'; readonly id: number }
  | { readonly t: 'msg'; readonly route: number; readonly data: unknown }
  | { readonly t: 'close' };

/** A short id that ties a 500 answer to its log line. */
export const correlationRef = (): string => randomUUID().slice(0, 8);

/** The body of a 500: no detail, only the ref to find the log line. */
export const internalErrorBody = (ref: string) => ({ error: 'internal', message: `Steward could not handle this request (ref ${ref}); try again, and if it persists give the ref to your Steward admin` });

/** An error as plain data (it crosses threads in a log message). */
export const errorData = (e: unknown): { message: string; stack?: string } => (e instanceof Error ? { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } : { message: String(e) });
