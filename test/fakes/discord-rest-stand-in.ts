import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server.js';
import { discordMessageProblems, type MessageLike } from './discord-message-limits.js';
import { CHANNEL_ERRORS, type DiscordCall, type DiscordFailure, type DiscordStandInOptions, decodeBody, type InteractionState, messageJson, modalProblems, ROUTES, type StoredMessage } from './discord-rest-shapes.js';

export type { DiscordCall, DiscordFailure, DiscordStandInOptions, StoredMessage };

/**
 * A local stand-in of the Discord REST API v10 (documented routes and shapes) for
 * `new Client({ rest: { api: standIn.apiUrl } })` / `new REST({ api })`. It records every call,
 * validates messages like Discord (50035 Invalid Form Body), keeps the messages it was sent so tests
 * read a card as it is now, follows the interaction-response rules (one callback per interaction;
 * the first follow-up after a deferred reply replaces it), and can be told to fail a route once —
 * e.g. 429 with retry_after, which discord.js's REST client must wait out and retry.
 */
export class DiscordRestStandIn extends LoopbackServer {
  readonly calls: DiscordCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionState>();
  /** registered slash commands: "global" or the guild id -> commands */
  readonly commands = new Map<string, unknown[]>();
  private seq = 1_700_000_000_000_000_100n;
  private readonly failures = new Map<string, DiscordFailure[]>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** what GET /gateway/bot answers as the gateway URL (set by the gateway stand-in) */
  gatewayUrl = 'ws://127.0.0.1:1';

  constructor(readonly o: DiscordStandInOptions) {
    super();
  }

  get url(): string {
    return this.base;
  }
  /** what discord.js takes as `rest.api` (it appends /v10/…) */
  get apiUrl(): string {
    return `${this.base}/api`;
  }
  get botUser(): { id: string; username: string } {
    return this.o.botUser ?? { id: this.o.applicationId, username: 'Steward' };
  }

  /** The next `times` calls of `route` fail with this answer. */
  fail(route: string, f: DiscordFailure, times = 1): void {
    this.failures.set(route, [...(this.failures.get(route) ?? []), ...Array.from({ length: times }, () => f)]);
  }

  callsOf(route: string): DiscordCall[] {
    return this.calls.filter((c) => c.route === route);
  }

  /** A message as it is now (after every PATCH), by id. */
  message(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Resolves when `count` calls of `route` (matching `where`) have been answered. */
  waitFor(route: string, where: (c: DiscordCall) => boolean = () => true, count = 1, timeoutMs = 10_000): Promise<DiscordCall[]> {
    const matches = () => this.calls.filter((c) => c.route === route && c.status !== undefined && where(c));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`discord stand-in: waited ${timeoutMs} ms for ${count} × ${route}; got ${matches().length}. Calls: ${this.calls.map((c) => `${c.route} ${c.status}`).join(', ')}`)), timeoutMs);
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

  /** Tell the stand-in about an interaction the test is about to deliver (its token becomes valid); a click or a modal from a button names the message it came from. */
  expectInteraction(id: string, token: string, channelId: string, componentMessageId?: string): void {
    this.interactions.set(token, { id, token, channelId, ...(componentMessageId ? { componentMessage: componentMessageId } : {}) });
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  private nextId(): string {
    return String(++this.seq);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(u.pathname).replace(/^\/api\/v10/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    const found = ROUTES.map(([route, re]) => ({ route, m: route.startsWith(`${method} `) ? re.exec(path) : null })).find((r) => r.m);
    const { body, files } = await decodeBody(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const call: DiscordCall = {
      method,
      path,
      route: found?.route ?? `${method} ${path}`,
      params: { ...(found?.m?.groups ?? {}) },
      query: Object.fromEntries(u.searchParams),
      body,
      files,
      token: auth.startsWith('Bot ') ? auth.slice(4) : null,
      at: Date.now(),
    };
    this.calls.push(call);
    const send = (status: number, out?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      call.response = out;
      // a 204 carries no body and no JSON content type (discord.js would try to parse it)
      if (status === 204) res.writeHead(204, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(out));
      this.notify();
    };
    const f = this.failures.get(call.route)?.shift();
    if (f && 'retryAfter' in f) {
      return send(429, { message: 'You are being rate limited.', retry_after: f.retryAfter, global: !!f.global }, { 'retry-after': String(f.retryAfter), 'x-ratelimit-scope': f.global ? 'global' : 'user', ...(f.global ? { 'x-ratelimit-global': 'true' } : {}) });
    }
    if (f) return send(f.status, { message: f.message, code: f.code });
    if (!found) return send(404, { message: '404: Not Found', code: 0 });
    const needsAuth = !call.route.includes('/interactions/') && !call.route.includes('/webhooks/');
    if (needsAuth && call.token !== this.o.token) return send(401, { message: '401: Unauthorized', code: 0 });
    const [status, out] = this.answer(call);
    send(status, out);
  }

  private answer(c: DiscordCall): [number, unknown] {
    const p = c.params;
    const fileNames = c.files.map((f) => f.name);
    const invalid = (problems: string[]) => [400, { message: 'Invalid Form Body', code: 50035, errors: { _errors: problems.map((m) => ({ code: 'BASE_TYPE_INVALID', message: m })) } }] as [number, unknown];
    switch (c.route) {
      case 'GET /applications/@me':
        return [200, { id: this.o.applicationId, name: 'Steward', description: '', bot_public: false, bot_require_code_grant: false, verify_key: 'a'.repeat(64), flags: 0, bot: { ...this.botUser, discriminator: '0', bot: true, avatar: null, global_name: null } }];
      case 'GET /users/@me':
        return [200, { ...this.botUser, discriminator: '0', bot: true, avatar: null, global_name: null, verified: true, flags: 0 }];
      case 'GET /gateway/bot':
        return [200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
      case 'PUT /applications/{app}/commands':
      case 'PUT /applications/{app}/guilds/{guild}/commands': {
        if (p.app !== this.o.applicationId) return [403, { message: 'Missing Access', code: 50001 }];
        const list = (Array.isArray(c.body) ? c.body : []).map((cmd: Record<string, unknown>) => ({ id: this.nextId(), application_id: p.app, version: this.nextId(), ...(p.guild ? { guild_id: p.guild } : {}), ...cmd }));
        this.commands.set(p.guild ?? 'global', list);
        return [200, list];
      }
      case 'POST /channels/{channel}/messages': {
        const err = this.o.channelErrors?.[p.channel!];
        if (err) return [CHANNEL_ERRORS[err].status, { message: CHANNEL_ERRORS[err].message, code: CHANNEL_ERRORS[err].code }];
        const problems = discordMessageProblems(c.body as MessageLike, fileNames);
        if (problems.length) return invalid(problems);
        return [200, this.store(this.newMessage(p.channel!, c))];
      }
      case 'PATCH /channels/{channel}/messages/{message}': {
        const err = this.o.channelErrors?.[p.channel!];
        if (err) return [CHANNEL_ERRORS[err].status, { message: CHANNEL_ERRORS[err].message, code: CHANNEL_ERRORS[err].code }];
        const m = this.messages.get(p.message!);
        if (!m || m.deleted || m.channel_id !== p.channel || m.flags & 64) return [404, { message: 'Unknown Message', code: 10008 }];
        const problems = discordMessageProblems(c.body as MessageLike, fileNames);
        if (problems.length) return invalid(problems);
        return [200, this.store(this.edit(m, c))];
      }
      case 'POST /interactions/{id}/{token}/callback': {
        const it = this.interactions.get(p.token!);
        if (!it || it.id !== p.id) return [404, { message: 'Unknown interaction', code: 10062 }];
        if (it.callback !== undefined) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
        const type = Number(c.body.type);
        const data = (c.body.data ?? {}) as Record<string, unknown>;
        it.callback = type;
        let message: StoredMessage | undefined;
        if (type === 4 || type === 5) {
          if (type === 4) {
            const problems = discordMessageProblems(data as MessageLike, fileNames, { interaction: true });
            if (problems.length) return (it.callback = undefined), invalid(problems);
          }
          message = this.newMessage(it.channelId, { ...c, body: type === 5 ? { embeds: [], components: [], flags: (Number(data.flags ?? 0) & 64) | 128 } : data });
          message.interaction = it.token;
          it.original = message.id;
          it.pendingDefer = type === 5;
          this.messages.set(message.id, message);
        } else if (type === 9) {
          const problems = modalProblems(data);
          if (problems.length) return (it.callback = undefined), invalid(problems);
        } else if (type !== 6 || !it.componentMessage) return (it.callback = undefined), [400, { message: `callback type ${type} is not valid for this interaction`, code: 50035 }];
        if (c.query.with_response !== 'true') return [204, undefined];
        return [200, { interaction: { id: it.id, type: 2, response_message_id: message?.id, response_message_loading: type === 5, response_message_ephemeral: !!(message && message.flags & 64) }, resource: { type, ...(message ? { message: this.view(message) } : {}) } }];
      }
      case 'PATCH /webhooks/{app}/{token}/messages/@original': {
        const it = this.interactions.get(p.token!);
        // after a deferred update, the original is the message the clicked component is on
        const id = it?.original ?? (it?.callback === 6 ? it.componentMessage : undefined);
        const m = id ? this.messages.get(id) : undefined;
        if (!it || p.app !== this.o.applicationId || !m || m.deleted) return [404, { message: 'Unknown Message', code: 10008 }];
        const problems = discordMessageProblems({ ...(c.body as MessageLike), flags: undefined }, fileNames);
        if (problems.length) return invalid(problems);
        it.pendingDefer = false;
        return [200, this.store(this.edit(m, c, true))];
      }
      case 'DELETE /webhooks/{app}/{token}/messages/@original': {
        const it = this.interactions.get(p.token!);
        const m = it?.original ? this.messages.get(it.original) : undefined;
        if (!it || !m || m.deleted) return [404, { message: 'Unknown Message', code: 10008 }];
        m.deleted = true;
        return [204, undefined];
      }
      case 'POST /webhooks/{app}/{token}': {
        const it = this.interactions.get(p.token!);
        if (!it || p.app !== this.o.applicationId || it.callback === undefined || it.callback === 9) return [404, { message: 'Unknown Webhook', code: 10015 }];
        const problems = discordMessageProblems(c.body as MessageLike, fileNames, { interaction: true });
        if (problems.length) return invalid(problems);
        if (it.pendingDefer) {
          // the first follow-up after a deferred reply edits the "thinking" message; its visibility stays the defer's
          const m = this.messages.get(it.original!)!;
          if (m.deleted) return [404, { message: 'Unknown Message', code: 10008 }];
          it.pendingDefer = false;
          return [200, this.store(this.edit(m, c, true))];
        }
        const m = this.newMessage(it.channelId, c);
        m.interaction = it.token;
        return [200, this.store(m)];
      }
      default:
        return [404, { message: '404: Not Found', code: 0 }];
    }
  }

  private newMessage(channelId: string, c: Pick<DiscordCall, 'body' | 'files'>): StoredMessage {
    const b = c.body as { embeds?: unknown[]; components?: unknown[]; flags?: number; attachments?: { id: number; description?: string }[] };
    return { id: this.nextId(), channel_id: channelId, embeds: b.embeds ?? [], components: b.components ?? [], attachments: this.attachments(c), flags: Number(b.flags ?? 0) };
  }

  private attachments(c: Pick<DiscordCall, 'body' | 'files'>) {
    const meta = ((c.body as { attachments?: { id: number; description?: string }[] }).attachments ?? []).map((a) => ({ index: Number(a.id), description: a.description }));
    return c.files.map((f, i) => ({ id: this.nextId(), filename: f.name, size: f.bytes, content_type: f.contentType, ...(meta.find((a) => a.index === i)?.description ? { description: meta.find((a) => a.index === i)!.description! } : {}) }));
  }

  /** PATCH semantics: fields present replace; `attachments` lists what stays, new files are added. */
  private edit(m: StoredMessage, c: DiscordCall, keepFlags = false): StoredMessage {
    const b = c.body as { embeds?: unknown[]; components?: unknown[]; attachments?: unknown[] };
    if (b.embeds) m.embeds = b.embeds;
    if (b.components) m.components = b.components;
    if (b.attachments || c.files.length) m.attachments = this.attachments(c);
    m.flags = keepFlags ? m.flags & 64 : m.flags;
    return m;
  }

  private store(m: StoredMessage): unknown {
    this.messages.set(m.id, m);
    return this.view(m);
  }

  private view(m: StoredMessage): unknown {
    return messageJson(m, this.base, this.botUser, this.o.applicationId);
  }

}
