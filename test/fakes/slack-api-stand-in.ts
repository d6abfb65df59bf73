import { LoopbackServer } from './loopback-server.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockKitProblems } from './slack-block-limits.js';

/** One recorded request: a Web API method (form or JSON body decoded), a file upload, or a response_url post. */
export interface SlackCall {
  readonly method: string;
  /** the decoded body; JSON-valued form fields (blocks, view, file lists) are parsed */
  readonly body: Record<string, unknown>;
  readonly token: string | null;
  readonly at: number;
  /** bytes received (file uploads) */
  readonly bytes?: number;
  /** what the stand-in answered (set once answered) */
  response?: Record<string, unknown>;
}

export type Failure = { error: string } | { status: 429; retryAfter: number };

export interface SlackUser {
  readonly name: string;
  readonly realName?: string;
  readonly displayName?: string;
}

export interface StandInOptions {
  /** the bot token it accepts; anything else gets invalid_auth */
  readonly token?: string;
  readonly appToken?: string;
  readonly users?: Record<string, SlackUser>;
  /** user group id -> member user ids */
  readonly groups?: Record<string, string[]>;
  /** Socket Mode: what apps.connections.open returns */
  readonly socketUrl?: string;
  /** benchmarks: answer without recording calls or validating blocks (keeps its CPU cost low); only counts calls per method (GET /counts) */
  readonly lean?: boolean;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'users', 'metadata'];

/**
 * A local stand-in of the Slack Web API (documented request and response shapes), for
 * clientOptions.slackApiUrl = standIn.apiUrl. It records every call, answers like Slack, validates
 * Block Kit like Slack (invalid_blocks), and can be told to fail a method with an error or a 429.
 * It also receives response_url posts at /response/<id> and file bytes at /upload/<file id>.
 */
export class SlackApiStandIn extends LoopbackServer {
  readonly calls: SlackCall[] = [];
  private tsSeq = 100;
  private fileSeq = 0;
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** lean mode: calls per method */
  readonly counts: Record<string, number> = {};
  /** Socket Mode: the WebSocket URL apps.connections.open hands out */
  socketUrl: string;

  constructor(readonly o: StandInOptions = {}) {
    super();
    this.socketUrl = o.socketUrl ?? 'ws://127.0.0.1:1/';
  }

  get url(): string {
    return this.base;
  }
  get apiUrl(): string {
    return `${this.base}/api/`;
  }
  responseUrl(id = 'T1/1/abc'): string {
    return `${this.base}/response/${id}`;
  }

  /**
   * An outage: until `ms` from now, every call of these methods fails — alternately HTTP 500 (what a
   * Slack incident looks like) and HTTP 429 with Retry-After `retryAfter` seconds. Calls are still recorded.
   */
  outage(ms: number, methods: readonly string[] = ['chat.postMessage', 'chat.update'], retryAfter = 1): void {
    this.down = { until: Date.now() + ms, methods: new Set(methods), retryAfter, n: 0 };
  }
  private down: { until: number; methods: Set<string>; retryAfter: number; n: number } | null = null;

  /** The next `times` calls of `method` fail (Slack error body, or HTTP 429 with Retry-After). */
  fail(method: string, f: Failure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => f)]);
  }

  /** Answer `method` only after `ms` (to show an ack does not wait for the work). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Web API calls, excluding auth.test (made at start) — "no Web API call" means this is empty. */
  apiCalls(): SlackCall[] {
    return this.calls.filter((c) => c.method !== 'auth.test');
  }

  /** Resolves when `count` calls of `method` (matching `where`) have arrived. */
  waitFor(method: string, where: (c: SlackCall) => boolean = () => true, count = 1, timeoutMs = 10_000): Promise<SlackCall[]> {
    const matches = () => this.calls.filter((c) => c.method === method && where(c));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stand-in: waited ${timeoutMs} ms for ${count} × ${method}; got ${matches().length}. Calls: ${this.calls.map((c) => c.method).join(', ')}`)), timeoutMs);
      const w = {
        check: () => matches().length >= count,
        resolve: () => {
          clearTimeout(timer);
          resolve(matches());
        },
      };
      if (w.check()) return w.resolve();
      this.waiters.push(w);
    });
  }

  private record(c: SlackCall): void {
    if (this.o.lean) {
      this.counts[c.method] = (this.counts[c.method] ?? 0) + 1;
      return;
    }
    this.calls.push(c);
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    if (this.o.lean && path === '/counts') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.counts));
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData().catch(() => null);
      const file = form?.get('body') ?? form?.get('file');
      const bytes = file instanceof Blob ? file.size : raw.length;
      this.record({ method: 'file.upload', body: { file_id: id }, token, at: Date.now(), bytes });
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes}`);
    }
    if (path.startsWith('/response/')) {
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      this.record({ method: 'response_url', body: { ...body, url: path }, token, at: Date.now() });
      const problems = body.blocks && !this.o.lean ? blockKitProblems(body.blocks) : [];
      if (problems.length) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks');
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    if (!path.startsWith('/api/')) return void res.writeHead(404).end();
    const method = path.slice('/api/'.length);
    if (this.o.lean) {
      this.record({ method, body: {}, token, at: 0 });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.leanAnswer(method)));
    }
    const body = decodeBody(raw, String(req.headers['content-type'] ?? ''));
    const tok = token ?? (typeof body.token === 'string' ? body.token : null);
    const call: SlackCall = { method, body, token: tok, at: Date.now() };
    this.record(call);
    const wait = this.delays.get(method);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    if (this.down && Date.now() < this.down.until && this.down.methods.has(method)) {
      if (this.down.n++ % 2 === 0) {
        call.response = { status: 500 };
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      }
      call.response = { status: 429, retryAfter: this.down.retryAfter };
      return void res.writeHead(429, { 'retry-after': String(this.down.retryAfter), 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    const f = this.failures.get(method)?.shift();
    if (f && 'status' in f) {
      call.response = { status: 429, retryAfter: f.retryAfter };
      return void res.writeHead(429, { 'retry-after': String(f.retryAfter), 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    const out = f ? { ok: false, error: f.error } : this.answer(method, body, tok);
    call.response = out;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(out));
  }

  /** Benchmarks: a canned success per method, without parsing the request. */
  private leanAnswer(method: string): Record<string, unknown> {
    if (method === 'auth.test') return this.answer(method, {}, this.o.token ?? 'xoxb-test');
    if (method === 'users.info') return { ok: true, user: { id: 'U0', name: 'user', profile: { display_name: 'User' } } };
    if (method === 'usergroups.users.list') return { ok: true, users: [] };
    return { ok: true, channel: 'C0', ts: this.nextTs(), message_ts: this.nextTs() };
  }

  private nextTs(): string {
    return `1700000000.${String(++this.tsSeq).padStart(6, '0')}`;
  }

  private answer(method: string, b: Record<string, unknown>, token: string | null): Record<string, unknown> {
    const expected = method === 'apps.connections.open' ? (this.o.appToken ?? 'xapp-1-test') : (this.o.token ?? 'xoxb-test');
    if (token !== expected) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    const blockErrors = (surface: 'message' | 'modal', blocks: unknown) => (blocks === undefined || this.o.lean ? [] : blockKitProblems(blocks, { surface }));
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://steward-test.slack.com/', team: 'Steward Test', user: 'steward', team_id: 'T0TEST', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      case 'chat.postMessage':
      case 'chat.update': {
        const errors = blockErrors('message', b.blocks);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        if (typeof b.channel !== 'string' || !b.channel) return { ok: false, error: 'channel_not_found' };
        const ts = method === 'chat.update' ? String(b.ts) : this.nextTs();
        return { ok: true, channel: b.channel, ts, message: { type: 'message', text: b.text, blocks: b.blocks, ts, bot_id: 'B0BOT' } };
      }
      case 'chat.postEphemeral': {
        const errors = blockErrors('message', b.blocks);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'views.open': {
        const view = b.view as Record<string, unknown> | undefined;
        const errors = blockErrors('modal', view?.blocks);
        if (!b.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        if (errors.length) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: errors } };
        return { ok: true, view: { id: 'V0001', ...view } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.fileSeq).padStart(4, '0')}`;
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: ((b.files as { id: string; title?: string }[]) ?? []).map((f) => ({ id: f.id, title: f.title ?? '' })) };
      case 'usergroups.list':
        return { ok: true, usergroups: Object.entries(this.o.groups ?? {}).map(([id, users]) => ({ id, handle: id.toLowerCase(), user_count: users.length })) };
      case 'usergroups.users.list': {
        const users = this.o.groups?.[String(b.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        const u = this.o.users?.[String(b.user)];
        if (!u) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: b.user, name: u.name, real_name: u.realName ?? u.name, profile: { display_name: u.displayName ?? '', real_name: u.realName ?? u.name } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function decodeBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = JSON_FIELDS.includes(k) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
