import { LoopbackServer } from './loopback-server.js';
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface MlflowRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface MlflowVersion {
  name: string;
  version: string;
  source: string;
  status: 'READY' | 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION';
  /** '' when the version has no run (MLflow then leaves run_id out of its answers). */
  run_id: string;
  tags: { key: string; value: string }[];
  creation_timestamp: number;
  /** Defaults to creation_timestamp when absent (versions made by addVersion). */
  last_updated_timestamp?: number;
  description?: string;
  user_id?: string;
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  tags: { key: string; value: string }[];
}

export interface MlflowRun {
  runId: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  userId?: string;
  startTime: number;
  endTime: number;
}

/** The registry events MLflow 3 OSS sends webhooks for (entity.action). */
export type MlflowWebhookEvent =
  | 'registered_model.created'
  | 'model_version.created'
  | 'model_version_tag.set'
  | 'model_version_tag.deleted'
  | 'model_version_alias.created'
  | 'model_version_alias.deleted';

const WEBHOOK_EVENTS: readonly MlflowWebhookEvent[] = ['registered_model.created', 'model_version.created', 'model_version_tag.set', 'model_version_tag.deleted', 'model_version_alias.created', 'model_version_alias.deleted'];

export interface MlflowWebhook {
  readonly id: string;
  readonly url: string;
  readonly secret?: string;
  readonly events: readonly string[];
}

/** One HTTP attempt of one webhook delivery (retries of a delivery share deliveryId, body and headers). */
export interface MlflowDelivery {
  readonly deliveryId: string;
  readonly event: string;
  readonly url: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** The receiver's HTTP status, or 'error' when the connection failed / timed out. */
  readonly status: number | 'error';
  readonly body: string;
  /** The headers MLflow sets itself (Content-Type, X-MLflow-Delivery-Id, X-MLflow-Timestamp, X-MLflow-Signature when signed). */
  readonly headers: Record<string, string>;
}

export interface MlflowStandInOptions {
  token?: string;
  pageSize?: number;
  /** Base of the exponential backoff between webhook retries: base, 2·base, 4·base, ... (default 50 ms). */
  retryBaseMs?: number;
  /** Retries after the first attempt, as MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES (default 5). */
  maxRetries?: number;
  /** Per-attempt timeout of a webhook POST (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Epoch milliseconds for entity timestamps and webhook timestamps (default: the real clock, with microseconds). */
  now?: () => number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const ERROR_CODES: Record<number, string> = { 400: 'INVALID_PARAMETER_VALUE', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'RESOURCE_DOES_NOT_EXIST', 409: 'RESOURCE_ALREADY_EXISTS', 429: 'REQUEST_LIMIT_EXCEEDED', 500: 'INTERNAL_ERROR', 503: 'TEMPORARILY_UNAVAILABLE' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}
const invalid = (message: string) => new HttpError(400, 'INVALID_PARAMETER_VALUE', message);
const missing = (message: string) => new HttpError(404, 'RESOURCE_DOES_NOT_EXIST', message);

/**
 * MLflow's REST API for the model registry (2.x/3.x OSS, as documented): search / get registered models
 * and model versions with page_token pagination, set / get / delete registered-model aliases, delete
 * model versions, get runs. It records every request, answers errors as MLflow does
 * ({"error_code", "message"}) and checks a bearer token when given one.
 *
 * It is also a system of record that sends MLflow 3 webhooks (mlflow/webhooks/delivery.py): the
 * programmatic helpers (createRegisteredModel, createVersion, setAlias, deleteAlias, setVersionTag, ...)
 * do what a notebook or the MLflow UI would and emit the same events, signed and retried as MLflow does.
 */
export class MlflowStandIn extends LoopbackServer {
  readonly requests: MlflowRequest[] = [];
  /** Live model versions, in creation order (deleted ones are removed). */
  readonly versions: MlflowVersion[] = [];
  /** "<model>" -> alias -> version */
  readonly aliases = new Map<string, Map<string, string>>();
  readonly registeredModels = new Map<string, MlflowRegisteredModel>();
  readonly runs = new Map<string, MlflowRun>();
  readonly webhooks: MlflowWebhook[] = [];
  /** Every webhook attempt, in the order they finished. */
  readonly deliveries: MlflowDelivery[] = [];
  /** Every registry event that happened, and whether it was lost because webhooks were down. */
  readonly events: { event: MlflowWebhookEvent; data: unknown; lost: boolean }[] = [];
  /** While true, events are not delivered and are never sent later (the receiver was unreachable through every retry). */
  webhooksDown = false;

  private readonly failures: { status: number; body: unknown }[] = [];
  private readonly pathFailures: { method: string | null; path: string; status: number; body: unknown; remaining: number }[] = [];
  private readonly echoes: number[] = [];
  /** Highest version number ever issued per model: MLflow never reuses one after a delete. */
  private readonly issued = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private stopping = false;

  constructor(readonly o: MlflowStandInOptions = {}) {
    super();
  }

  get url(): string {
    return this.base;
  }

  override async start(): Promise<this> {
    this.stopping = false;
    return super.start();
  }

  /** Stops retrying webhook deliveries (an attempt already on the wire finishes), then closes the server. */
  override async close(): Promise<void> {
    this.stopping = true;
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.wake();
    }
    await this.settled();
    await super.close();
  }

  /** Adds a version without any webhook (a fixture, not an MLflow action). Registers the model silently if new. */
  addVersion(name: string, p: { source: string; tags?: Record<string, string>; status?: MlflowVersion['status'] }): MlflowVersion {
    const n = this.nextVersionNumber(name);
    const v: MlflowVersion = { name, version: String(n), source: p.source, status: p.status ?? 'READY', run_id: `run${n}`, tags: Object.entries(p.tags ?? {}).map(([key, value]) => ({ key, value })), creation_timestamp: 1_700_000_000_000 + n };
    if (!this.registeredModels.has(name)) this.registeredModels.set(name, { name, creation_timestamp: v.creation_timestamp, last_updated_timestamp: v.creation_timestamp, tags: [] });
    this.versions.push(v);
    return v;
  }

  alias(name: string, alias: string): string | undefined {
    return this.aliases.get(name)?.get(alias);
  }

  failNext(status: number, body: unknown = { error_code: 'INTERNAL_ERROR', message: 'internal error' }): this {
    this.failures.push({ status, body });
    return this;
  }

  /**
   * The next `times` requests to this endpoint get `status` with MLflow's error shape; other endpoints
   * answer normally. `path` is a full path ("/api/2.0/mlflow/runs/get") or a suffix ("runs/get"),
   * optionally preceded by a method ("POST registered-models/alias").
   */
  failPath(path: string, status: number, times = 1, body?: unknown): this {
    const m = /^(GET|POST|DELETE|PATCH|PUT)\s+(.+)$/.exec(path.trim());
    const p = m ? m[2]! : path.trim();
    const code = ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    this.pathFailures.push({ method: m ? m[1]! : null, path: p, status, remaining: times, body: body ?? { error_code: code, message: `${code}: injected failure of ${p}` } });
    return this;
  }

  /**
   * The next request gets this status with MLflow's error shape, its message echoing the request's
   * Authorization header (as an auth proxy in front of MLflow may).
   */
  echoAuthorizationNext(status: number): this {
    this.echoes.push(status);
    return this;
  }

  // ---- the registry, as a notebook or the MLflow UI would change it (each emits MLflow's webhooks) ----

  /** mlflow.MlflowClient().create_registered_model: emits registered_model.created. */
  createRegisteredModel(name: string, p: { description?: string; tags?: Record<string, string> } = {}): MlflowRegisteredModel {
    if (this.registeredModels.has(name)) throw new Error(`Registered Model (name=${name}) already exists.`);
    const t = this.now();
    const rm: MlflowRegisteredModel = { name, creation_timestamp: t, last_updated_timestamp: t, tags: Object.entries(p.tags ?? {}).map(([key, value]) => ({ key, value })), ...(p.description ? { description: p.description } : {}) };
    this.registeredModels.set(name, rm);
    this.emit('registered_model.created', new Map<string, unknown>([['name', name], ['tags', tagMap(rm.tags)], ['description', p.description || null]]));
    return rm;
  }

  /**
   * mlflow.register_model: creates the registered model first if new (registered_model.created), then
   * the version numbered after the highest ever issued for the name (model_version.created).
   */
  createVersion(name: string, p: { source: string; runId?: string; tags?: Record<string, string>; description?: string; userId?: string; status?: MlflowVersion['status'] }): MlflowVersion {
    if (!this.registeredModels.has(name)) this.createRegisteredModel(name);
    const n = this.nextVersionNumber(name);
    const t = this.now();
    const v: MlflowVersion = {
      name,
      version: String(n),
      source: p.source,
      status: p.status ?? 'READY',
      run_id: p.runId ?? '',
      tags: Object.entries(p.tags ?? {}).map(([key, value]) => ({ key, value })),
      creation_timestamp: t,
      last_updated_timestamp: t,
      ...(p.description ? { description: p.description } : {}),
      ...(p.userId ? { user_id: p.userId } : {}),
    };
    this.versions.push(v);
    this.registeredModels.get(name)!.last_updated_timestamp = t;
    this.emit(
      'model_version.created',
      new Map<string, unknown>([['name', name], ['version', v.version], ['source', v.source], ['run_id', v.run_id || null], ['tags', tagMap(v.tags)], ['description', p.description || null]]),
    );
    return v;
  }

  /** MlflowClient.set_registered_model_alias: emits model_version_alias.created (also when re-set to the same version). */
  setAlias(name: string, alias: string, version: string | number): void {
    this.doSetAlias(name, alias, String(version));
  }

  /** MlflowClient.delete_registered_model_alias: emits model_version_alias.deleted (even when the alias did not exist, as MLflow). */
  deleteAlias(name: string, alias: string): void {
    this.doDeleteAlias(name, alias);
  }

  /** MlflowClient.delete_model_version: no webhook; its aliases go with it; its number is never reused. */
  deleteVersion(name: string, version: string | number): void {
    this.doDeleteVersion(name, String(version));
  }

  /** MlflowClient.set_model_version_tag: emits model_version_tag.set. */
  setVersionTag(name: string, version: string | number, key: string, value: string): void {
    this.doSetVersionTag(name, String(version), key, value);
  }

  /** MlflowClient.delete_model_version_tag: emits model_version_tag.deleted. */
  deleteVersionTag(name: string, version: string | number, key: string): void {
    this.doDeleteVersionTag(name, String(version), key);
  }

  /** A finished run in experiment 0, as runs/get shows it. */
  addRun(runId: string, p: { metrics?: Record<string, number>; params?: Record<string, string>; tags?: Record<string, string>; userId?: string } = {}): MlflowRun {
    const t = this.now();
    const run: MlflowRun = { runId, metrics: { ...p.metrics }, params: { ...p.params }, tags: { ...p.tags }, startTime: t, endTime: t, ...(p.userId ? { userId: p.userId } : {}) };
    this.runs.set(runId, run);
    return run;
  }

  // ---- webhooks ----

  /** An active webhook (MLflow's create_webhook) for the given "entity.action" events. */
  addWebhook(w: { url: string; secret?: string; events: string[] }): MlflowWebhook {
    for (const e of w.events) if (!(WEBHOOK_EVENTS as readonly string[]).includes(e)) throw new Error(`Invalid webhook event: ${e}`);
    const hook: MlflowWebhook = { id: randomUUID().replaceAll('-', ''), url: w.url, events: [...w.events], ...(w.secret ? { secret: w.secret } : {}) };
    this.webhooks.push(hook);
    return hook;
  }

  /** Resolves once no webhook delivery (nor a retry waiting for its backoff) is in flight. */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  // ---- HTTP ----

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    const echo = this.echoes.shift();
    if (echo !== undefined) return send(res, echo, { error_code: echo >= 500 ? 'TEMPORARILY_UNAVAILABLE' : 'PERMISSION_DENIED', message: `Request to ${url.pathname} refused by the gateway; it carried Authorization: ${req.headers.authorization ?? '(none)'}` });
    const fail = this.failures.shift();
    if (fail) return send(res, fail.status, fail.body);
    const pf = this.pathFailures.find((f) => f.remaining > 0 && (f.method === null || f.method === req.method) && pathMatches(url.pathname, f.path));
    if (pf) {
      pf.remaining--;
      if (pf.remaining === 0) this.pathFailures.splice(this.pathFailures.indexOf(pf), 1);
      return send(res, pf.status, pf.body);
    }
    if (this.o.token && req.headers.authorization !== `Bearer ${this.o.token}`) return send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'You are not authenticated. Please provide a valid token.' });
    const key = `${req.method} ${url.pathname}`;
    const q = url.searchParams;
    /** A request parameter from the JSON body, else the query string (DELETE clients send either). */
    const param = (k: string): string | undefined => {
      const b = body && typeof body === 'object' ? (body as Record<string, unknown>)[k] : undefined;
      if (typeof b === 'string') return b;
      if (typeof b === 'number') return String(b);
      return q.get(k) ?? undefined;
    };
    const required = (k: string): string => {
      const v = param(k);
      if (v === undefined || v === '') throw invalid(`Missing value for required parameter '${k}'. See the API docs for more information about request parameters.`);
      return v;
    };

    try {
      if (key === 'GET /api/2.0/mlflow/model-versions/search') {
        const filter = (q.get('filter') ?? '').trim();
        const test = filter ? parseFilter(filter, ['name', 'run_id', 'source']) : () => true;
        const all = this.versions.filter((v) => test({ name: v.name, run_id: v.run_id, source: v.source }));
        const { page, next } = paginate(all, q, 200_000, 10_000, this.o.pageSize);
        return send(res, 200, { ...(page.length ? { model_versions: page.map((v) => this.renderVersion(v)) } : {}), ...(next ? { next_page_token: next } : {}) });
      }

      if (key === 'GET /api/2.0/mlflow/registered-models/search') {
        const filter = (q.get('filter') ?? '').trim();
        const test = filter ? parseFilter(filter, ['name']) : () => true;
        const all = [...this.registeredModels.values()].filter((m) => test({ name: m.name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const { page, next } = paginate(all, q, 1000, 100, this.o.pageSize);
        return send(res, 200, { ...(page.length ? { registered_models: page.map((m) => this.renderRegisteredModel(m)) } : {}), ...(next ? { next_page_token: next } : {}) });
      }

      if (key === 'GET /api/2.0/mlflow/registered-models/get') {
        return send(res, 200, { registered_model: this.renderRegisteredModel(this.registeredModel(required('name'))) });
      }

      if (key === 'GET /api/2.0/mlflow/model-versions/get') {
        return send(res, 200, { model_version: this.renderVersion(this.version(required('name'), required('version'))) });
      }

      if (key === 'DELETE /api/2.0/mlflow/model-versions/delete') {
        this.doDeleteVersion(required('name'), required('version'));
        return send(res, 200, {});
      }

      if (key === 'POST /api/2.0/mlflow/model-versions/set-tag') {
        const [name, version, k] = [required('name'), required('version'), required('key')];
        const value = param('value') ?? '';
        this.version(name, version);
        send(res, 200, {});
        return this.doSetVersionTag(name, version, k, value);
      }

      if (key === 'DELETE /api/2.0/mlflow/model-versions/delete-tag') {
        const [name, version, k] = [required('name'), required('version'), required('key')];
        this.checkVersionTag(name, version, k);
        send(res, 200, {});
        return this.doDeleteVersionTag(name, version, k);
      }

      if (key === 'GET /api/2.0/mlflow/runs/get') {
        const id = param('run_id') || param('run_uuid');
        if (!id) throw invalid("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
        const run = this.runs.get(id);
        if (!run) throw missing(`Run with id=${id} not found`);
        return send(res, 200, { run: this.renderRun(run) });
      }

      if (key === 'POST /api/2.0/mlflow/registered-models/alias') {
        const b = (body ?? {}) as { name?: unknown; alias?: unknown; version?: unknown };
        if (typeof b.name !== 'string' || typeof b.alias !== 'string' || typeof b.version !== 'string') {
          return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: "Missing value for required parameter 'name', 'alias' or 'version' (strings)" });
        }
        this.version(b.name, b.version);
        send(res, 200, {});
        return this.doSetAlias(b.name, b.alias, b.version);
      }

      if (key === 'DELETE /api/2.0/mlflow/registered-models/alias') {
        const [name, alias] = [required('name'), required('alias')];
        this.registeredModel(name);
        send(res, 200, {});
        return this.doDeleteAlias(name, alias);
      }

      if (key === 'GET /api/2.0/mlflow/registered-models/alias') {
        const name = url.searchParams.get('name') ?? '';
        const v = this.alias(name, url.searchParams.get('alias') ?? '');
        const mv = v && this.versions.find((x) => x.name === name && x.version === v);
        return mv ? send(res, 200, { model_version: this.renderVersion(mv) }) : send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'alias not found' });
      }
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, { error_code: e.errorCode, message: e.message });
      return send(res, 500, { error_code: 'INTERNAL_ERROR', message: String(e) });
    }

    return send(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint for ${key}` });
  }

  // ---- internals ----

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private nextVersionNumber(name: string): number {
    const n = Math.max(this.issued.get(name) ?? 0, ...this.versions.filter((v) => v.name === name).map((v) => Number(v.version) || 0)) + 1;
    this.issued.set(name, n);
    return n;
  }

  private registeredModel(name: string): MlflowRegisteredModel {
    const rm = this.registeredModels.get(name);
    if (!rm) throw missing(`Registered Model with name=${name} not found`);
    return rm;
  }

  private version(name: string, version: string): MlflowVersion {
    this.registeredModel(name);
    const v = this.versions.find((x) => x.name === name && x.version === version);
    if (!v) throw missing(`Model Version (name=${name}, version=${version}) not found`);
    return v;
  }

  private doSetAlias(name: string, alias: string, version: string): void {
    this.version(name, version);
    if (!this.aliases.has(name)) this.aliases.set(name, new Map());
    this.aliases.get(name)!.set(alias, version);
    this.emit('model_version_alias.created', new Map([['name', name], ['alias', alias], ['version', version]]));
  }

  private doDeleteAlias(name: string, alias: string): void {
    this.registeredModel(name);
    this.aliases.get(name)?.delete(alias);
    this.emit('model_version_alias.deleted', new Map([['name', name], ['alias', alias]]));
  }

  private doDeleteVersion(name: string, version: string): void {
    const v = this.version(name, version);
    this.versions.splice(this.versions.indexOf(v), 1);
    const al = this.aliases.get(name);
    for (const [a, ver] of al ?? []) if (ver === version) al!.delete(a);
    this.registeredModels.get(name)!.last_updated_timestamp = this.now();
  }

  private doSetVersionTag(name: string, version: string, key: string, value: string): void {
    const v = this.version(name, version);
    const t = v.tags.find((x) => x.key === key);
    if (t) t.value = value;
    else v.tags.push({ key, value });
    this.emit('model_version_tag.set', new Map([['name', name], ['version', version], ['key', key], ['value', value]]));
  }

  private checkVersionTag(name: string, version: string, key: string): void {
    if (!this.version(name, version).tags.some((x) => x.key === key)) throw missing(`No tag with name: ${key} found for model '${name}' version '${version}'`);
  }

  private doDeleteVersionTag(name: string, version: string, key: string): void {
    this.checkVersionTag(name, version, key);
    const v = this.version(name, version);
    v.tags.splice(
      v.tags.findIndex((x) => x.key === key),
      1,
    );
    this.emit('model_version_tag.deleted', new Map([['name', name], ['version', version], ['key', key]]));
  }

  private renderVersion(v: MlflowVersion): Record<string, unknown> {
    const aliases = [...(this.aliases.get(v.name) ?? [])].filter(([, ver]) => ver === v.version).map(([a]) => a);
    return {
      name: v.name,
      version: v.version,
      creation_timestamp: v.creation_timestamp,
      last_updated_timestamp: v.last_updated_timestamp ?? v.creation_timestamp,
      ...(v.user_id ? { user_id: v.user_id } : {}),
      current_stage: 'None',
      ...(v.description ? { description: v.description } : {}),
      source: v.source,
      ...(v.run_id ? { run_id: v.run_id } : {}),
      status: v.status,
      tags: v.tags,
      ...(aliases.length ? { aliases } : {}),
    };
  }

  private renderRegisteredModel(m: MlflowRegisteredModel): Record<string, unknown> {
    const aliases = [...(this.aliases.get(m.name) ?? [])].map(([alias, version]) => ({ alias, version }));
    return {
      name: m.name,
      creation_timestamp: m.creation_timestamp,
      last_updated_timestamp: m.last_updated_timestamp,
      ...(m.description ? { description: m.description } : {}),
      ...(m.tags.length ? { tags: m.tags } : {}),
      ...(aliases.length ? { aliases } : {}),
    };
  }

  private renderRun(r: MlflowRun): Record<string, unknown> {
    const pairs = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));
    return {
      info: {
        run_id: r.runId,
        run_uuid: r.runId,
        experiment_id: '0',
        ...(r.userId ? { user_id: r.userId } : {}),
        status: 'FINISHED',
        start_time: r.startTime,
        end_time: r.endTime,
        artifact_uri: `mlflow-artifacts:/0/${r.runId}/artifacts`,
        lifecycle_stage: 'active',
      },
      data: {
        metrics: Object.entries(r.metrics).map(([key, value]) => ({ key, value, timestamp: r.endTime, step: 0 })),
        params: pairs(r.params),
        tags: pairs(r.tags),
      },
    };
  }

  /** deliver_webhook: one asynchronous delivery per active webhook subscribed to the event. */
  private emit(event: MlflowWebhookEvent, data: Map<string, unknown>): void {
    this.events.push({ event, data: JSON.parse(pythonJsonDumps(data)), lost: this.webhooksDown });
    if (this.webhooksDown) return;
    const [entity, action] = event.split('.') as [string, string];
    for (const hook of this.webhooks) {
      if (!hook.events.includes(event)) continue;
      const nowMs = this.o.now ? this.o.now() : undefined;
      const payload = new Map<string, unknown>([['entity', entity], ['action', action], ['timestamp', pythonUtcIsoformat(nowMs)], ['data', data]]);
      const body = pythonJsonDumps(payload);
      const headers = deliveryHeaders(hook.secret, body, randomUUID(), Math.floor((nowMs ?? Date.now()) / 1000));
      const p: Promise<void> = this.deliver(hook, event, body, headers).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  private async deliver(hook: MlflowWebhook, event: string, body: string, headers: Record<string, string>): Promise<void> {
    // MLflow hands the delivery to a thread pool: the REST call that triggered it answers first.
    await new Promise<void>((r) => setImmediate(r));
    const bytes = Buffer.from(body, 'utf8');
    const maxRetries = this.o.maxRetries ?? 5;
    for (let attempt = 1; !this.stopping; attempt++) {
      const status = await post(hook.url, bytes, headers, this.o.webhookTimeoutMs ?? 5000);
      this.deliveries.push({ deliveryId: headers['X-MLflow-Delivery-Id']!, event, url: hook.url, attempt, status, body, headers: { ...headers } });
      if ((status !== 'error' && !RETRY_STATUSES.has(status)) || attempt > maxRetries) return;
      await this.sleep((this.o.retryBaseMs ?? 50) * 2 ** (attempt - 1));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const s = {
        timer: setTimeout(() => {
          this.sleepers.delete(s);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(s);
    });
  }
}

// ---- webhook wire format ----

/**
 * The headers MLflow puts on a delivery, signed like mlflow/webhooks/delivery.py:
 * X-MLflow-Signature = "v1," + base64(HMAC-SHA256(secret, "<delivery id>.<timestamp>.<body>")).
 * For building (and tampering with) deliveries by hand in tests.
 */
export function signMlflowDelivery(secret: string, body: string, opts: { deliveryId?: string; timestamp?: number } = {}): Record<string, string> {
  return deliveryHeaders(secret, body, opts.deliveryId ?? randomUUID(), opts.timestamp ?? Math.floor(Date.now() / 1000));
}

function deliveryHeaders(secret: string | undefined, body: string, deliveryId: string, timestamp: number): Record<string, string> {
  const ts = String(timestamp);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-MLflow-Delivery-Id': deliveryId, 'X-MLflow-Timestamp': ts };
  if (secret) headers['X-MLflow-Signature'] = `v1,${createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${deliveryId}.${ts}.${body}`, 'utf8')).digest('base64')}`;
  return headers;
}

/** One POST as python-requests sends it; resolves with the status, or 'error' for a refused / broken / timed-out connection. */
function post(url: string, body: Buffer, headers: Record<string, string>, timeoutMs: number): Promise<number | 'error'> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve('error');
    }
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      u,
      { method: 'POST', agent: false, timeout: timeoutMs, headers: { 'User-Agent': 'python-requests/2.32.3', 'Accept-Encoding': 'gzip, deflate', Accept: '*/*', ...headers, 'Content-Length': String(body.length) } },
      (res) => {
        res.on('error', () => resolve('error'));
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}

/**
 * Python's `json.dumps(value)` with default settings: separators ", " and ": ", ensure_ascii=True
 * (every character outside printable ASCII as \uXXXX, lowercase hex, astral ones as surrogate pairs),
 * allow_nan=True, keys in insertion order (pass a Map to keep integer-like keys where they were put).
 * Integral numbers print as Python ints, others as Python's float repr.
 */
export function pythonJsonDumps(value: unknown): string {
  return dumps(value) ?? 'null';
}

function dumps(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return dumps((v as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(v)) return `[${v.map((x) => dumps(x) ?? 'null').join(', ')}]`;
  const entries: [string, unknown][] = v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.entries(v as object);
  const items: string[] = [];
  for (const [k, x] of entries) {
    const d = dumps(x);
    if (d !== undefined) items.push(`${pyString(k)}: ${d}`);
  }
  return `{${items.join(', ')}}`;
}

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
  // float repr: shortest round-trip digits, fixed notation for 1e-4 <= |v| < 1e16, else d.ddde±XX
  const [mant, expS] = v.toExponential().split('e') as [string, string];
  const exp = Number(expS);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** datetime.now(timezone.utc).isoformat(): microseconds, left out when zero, and "+00:00". */
function pythonUtcIsoformat(nowMs?: number): string {
  const us = nowMs !== undefined ? Math.floor(nowMs) * 1000 : Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const micro = us % 1_000_000;
  const seconds = new Date((us - micro) / 1000).toISOString().slice(0, 19);
  return `${seconds}${micro ? `.${String(micro).padStart(6, '0')}` : ''}+00:00`;
}

// ---- helpers ----

function tagMap(tags: { key: string; value: string }[]): Map<string, string> {
  return new Map(tags.map((t) => [t.key, t.value]));
}

function pathMatches(pathname: string, p: string): boolean {
  if (p.startsWith('/')) return pathname === p;
  return pathname === `/${p}` || pathname.endsWith(`/${p}`);
}

/** A one-clause MLflow search filter: <key> (= | != | LIKE | ILIKE) '<value>' (or "<value>"). */
function parseFilter(filter: string, keys: string[]): (row: Record<string, string>) => boolean {
  const m = /^(?:`?)([a-z_]+)(?:`?)\s*(=|!=|\s(?:LIKE|ILIKE)\s)\s*(?:'([^']*)'|"([^"]*)")$/i.exec(filter);
  if (!m || !keys.includes(m[1]!.toLowerCase())) throw invalid(`Invalid filter '${filter}'`);
  const k = m[1]!.toLowerCase();
  const op = m[2]!.trim().toUpperCase();
  const value = m[3] ?? m[4] ?? '';
  if (op === '=') return (r) => r[k] === value;
  if (op === '!=') return (r) => r[k] !== value;
  const re = new RegExp(
    `^${[...value].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
    op === 'ILIKE' ? 'is' : 's',
  );
  return (r) => re.test(r[k] ?? '');
}

/** max_results (capped by MLflow's limit and the stand-in's page size) and an opaque offset page_token. */
function paginate<T>(all: T[], q: URLSearchParams, limit: number, dflt: number, pageSize: number | undefined): { page: T[]; next: string | undefined } {
  const mr = q.get('max_results');
  if (mr !== null && !/^\d+$/.test(mr.trim())) throw invalid(`Parameter 'max_results' must be an integer, got '${mr}'`);
  const max = mr === null ? dflt : Number(mr);
  if (max < 1 || max > limit) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied. It must be at most ${limit} and at least 1.`);
  const size = Math.min(max, pageSize ?? Infinity);
  const token = q.get('page_token');
  const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace('offset=', '')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid page token');
  const page = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(`offset=${offset + size}`).toString('base64') : undefined;
  return { page, next };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
