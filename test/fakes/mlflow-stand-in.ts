import { LoopbackServer } from './loopback-server.js';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

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
  run_id: string;
  tags: { key: string; value: string }[];
  creation_timestamp: number;
}

/**
 * MLflow's REST API for model versions and aliases (2.x, as documented): search model versions by
 * name with page_token pagination, set and get a registered-model alias. It records every request,
 * answers errors as MLflow does ({"error_code", "message"}) and checks a bearer token when given one.
 */
export class MlflowStandIn extends LoopbackServer {
  readonly requests: MlflowRequest[] = [];
  readonly versions: MlflowVersion[] = [];
  /** "<model>" -> alias -> version */
  readonly aliases = new Map<string, Map<string, string>>();
  private readonly failures: { status: number; body: unknown }[] = [];
  private readonly echoes: number[] = [];

  constructor(readonly o: { token?: string; pageSize?: number } = {}) {
    super();
  }

  get url(): string {
    return this.base;
  }

  addVersion(name: string, p: { source: string; tags?: Record<string, string>; status?: MlflowVersion['status'] }): MlflowVersion {
    const n = this.versions.filter((v) => v.name === name).length + 1;
    const v: MlflowVersion = { name, version: String(n), source: p.source, status: p.status ?? 'READY', run_id: `run${n}`, tags: Object.entries(p.tags ?? {}).map(([key, value]) => ({ key, value })), creation_timestamp: 1_700_000_000_000 + n };
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
   * The next request gets this status with MLflow's error shape, its message echoing the request's
   * Authorization header (as an auth proxy in front of MLflow may).
   */
  echoAuthorizationNext(status: number): this {
    this.echoes.push(status);
    return this;
  }

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
    if (this.o.token && req.headers.authorization !== `Bearer ${this.o.token}`) return send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'You are not authenticated. Please provide a valid token.' });
    const key = `${req.method} ${url.pathname}`;

    if (key === 'GET /api/2.0/mlflow/model-versions/search') {
      const filter = url.searchParams.get('filter') ?? '';
      const fm = /^name\s*=\s*'([^']*)'$/.exec(filter.trim());
      if (!fm) return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: `Invalid filter '${filter}'` });
      const all = this.versions.filter((v) => v.name === fm[1]);
      const size = Math.min(Number(url.searchParams.get('max_results') ?? 10_000), this.o.pageSize ?? 10_000);
      const token = url.searchParams.get('page_token');
      const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace('offset=', '')) : 0;
      if (!Number.isInteger(offset) || offset < 0) return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid page token' });
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? Buffer.from(`offset=${offset + size}`).toString('base64') : undefined;
      return send(res, 200, { ...(page.length ? { model_versions: page } : {}), ...(next ? { next_page_token: next } : {}) });
    }

    if (key === 'POST /api/2.0/mlflow/registered-models/alias') {
      const b = (body ?? {}) as { name?: unknown; alias?: unknown; version?: unknown };
      if (typeof b.name !== 'string' || typeof b.alias !== 'string' || typeof b.version !== 'string') {
        return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: "Missing value for required parameter 'name', 'alias' or 'version' (strings)" });
      }
      if (!this.versions.some((v) => v.name === b.name)) return send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Registered Model with name=${b.name} not found` });
      if (!this.versions.some((v) => v.name === b.name && v.version === b.version)) return send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Model Version (name=${b.name}, version=${b.version}) not found` });
      if (!this.aliases.has(b.name)) this.aliases.set(b.name, new Map());
      this.aliases.get(b.name)!.set(b.alias, b.version);
      return send(res, 200, {});
    }

    if (key === 'GET /api/2.0/mlflow/registered-models/alias') {
      const name = url.searchParams.get('name') ?? '';
      const v = this.alias(name, url.searchParams.get('alias') ?? '');
      const mv = v && this.versions.find((x) => x.name === name && x.version === v);
      return mv ? send(res, 200, { model_version: { ...mv, aliases: [url.searchParams.get('alias')] } }) : send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'alias not found' });
    }

    return send(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint for ${key}` });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
