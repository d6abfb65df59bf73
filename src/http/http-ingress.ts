import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * The ingress: Steward's HTTP server runs on a worker thread of its own, so that reading requests
 * (and acking Slack) never waits behind work on the main thread — dispatching commands, database
 * queries, rendering, garbage collection of a bigger heap. Plain routes are handed to the main
 * thread and answered from there; a route with an ingress module runs that module's handler on the
 * ingress thread and exchanges messages with its `onMessage` on the main thread.
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
}

export interface IngressConfig {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly routes: readonly IngressRouteSpec[];
}

/** ingress thread -> main thread */
export type FromIngress =
  | { readonly t: 'listening'; readonly port: number }
  | { readonly t: 'failed'; readonly message: string; readonly code?: string }
  | { readonly t: 'req'; readonly id: number; readonly route: number; readonly method: string; readonly path: string; readonly query: string; readonly headers: IncomingHttpHeaders; readonly body: Uint8Array; readonly params: Record<string, string> }
  | { readonly t: 'msg'; readonly route: number; readonly data: unknown }
  | { readonly t: 'log'; readonly level: IngressLogLevel; readonly obj: object; readonly msg: string }
  | { readonly t: 'closed' };

/** main thread -> ingress thread */
export type ToIngress =
  | { readonly t: 'res'; readonly id: number; readonly status: number; readonly headers: Record<string, string>; readonly payload: string | Uint8Array }
  | { readonly t: 'msg'; readonly route: number; readonly data: unknown }
  | { readonly t: 'close' };

/** A short id that ties a 500 answer to its log line. */
export const correlationRef = (): string => randomUUID().slice(0, 8);

/** The body of a 500: no detail, only the ref to find the log line. */
export const internalErrorBody = (ref: string) => ({ error: 'internal', message: `Steward could not handle this request (ref ${ref}); try again, and if it persists give the ref to your Steward admin` });

/** An error as plain data (it crosses threads in a log message). */
export const errorData = (e: unknown): { message: string; stack?: string } => (e instanceof Error ? { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } : { message: String(e) });
