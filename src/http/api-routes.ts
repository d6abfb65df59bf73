import type { StewardApp } from '../ports/steward-app.js';
import type { RegistrySource } from '../mirror/domain/registry-source.js';
import type { Metrics } from '../ports/metrics.js';
import type { TokenRateLimit } from './token-rate-limit.js';
import type { PageSigner } from '../pages/signed-page-links.js';
import type { ChainVerdict } from '../governance/domain/hash-chain.js';
import type { Registry } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import type { Reply } from '../chat/replies/reply.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { exitCodeFor } from '../chat/exit-codes.js';
import type { Logger } from '../ports/logger.js';
import type { Actor } from '../governance/domain/actor.js';
import type { ErrorCode, Result } from '../core/result.js';
import { tableFromJsonColumns } from '../monitoring/io/json-table.js';
import { readTable } from '../monitoring/io/read-table.js';
import type { Table } from '../monitoring/io/table.js';
import { attachLabels } from '../monitoring/attach-labels.js';
import { whoFrom } from '../governance/audit-who.js';
import { arrayRows, checkPermission, logPredictions } from '../monitoring/log-predictions.js';
import { uploadReference } from '../monitoring/upload-reference.js';
import { authenticate, isResponse } from './api-auth.js';
import { profileRoutes } from './profile-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import type { HttpHead, HttpRequest, HttpResponse, PlainRoute, Route } from './http-server.js';

const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unknown_command: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  expired: 410,
  busy: 409,
  gate_failed: 422,
  target_failed: 502,
  unavailable: 503,
};

export const MAX_BATCH = 10_000;

const plain = (s: string) => s.replace(/`/g, '');
const fail = (code: ErrorCode, message: string): HttpResponse => ({ status: STATUS[code], body: { error: code, message: plain(message) } });
const fromResult = <T>(r: Result<T>, body: (v: T) => unknown, status = 200): HttpResponse => (r.ok ? { status, body: body(r.value) } : fail(r.error.code, r.error.message));

function jsonBody(req: HttpRequest): { ok: true; value: Record<string, unknown> } | { ok: false; res: HttpResponse } {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
    return { ok: false, res: fail('bad_input', 'the body must be a JSON object') };
  } catch (e) {
    return { ok: false, res: fail('bad_input', `the body is not valid JSON: ${(e as Error).message.split('\n')[0]}`) };
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const versionOf = (v: unknown): number | null => {
  const m = /^v?(\d{1,9})$/i.exec(String(v ?? ''));
  return m && Number(m[1]) >= 1 ? Number(m[1]) : null;
};

/** The media type of a request, lower case, without parameters ("" when none). */
const mediaType = (h: HttpHead) => String(h.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

const JSON_ONLY = ['application/json'];
const REFERENCE_HINT = 'send text/csv, application/vnd.apache.parquet, or application/json {"columns": {…}}';
const REFERENCE_TYPES = ['text/csv', 'application/vnd.apache.parquet', 'application/octet-stream', 'application/json'];

/** 415 unless the body is one of `types`; JSON must be UTF-8 (a charset parameter may say so). */
function mediaTypeProblem(h: HttpHead, types: readonly string[], hint: string): HttpResponse | null {
  const type = mediaType(h);
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(String(h.headers['content-type'] ?? ''))?.[1]?.toLowerCase();
  if (types.includes(type) && (type !== 'application/json' || charset === undefined || charset === 'utf-8' || charset === 'utf8')) return null;
  return { status: 415, body: { error: 'unsupported_media_type', message: `${type ? `${type.slice(0, 100)}${charset ? ` (charset ${charset.slice(0, 40)})` : ''} is not accepted here` : 'the Content-Type header is missing'}: ${hint}` } };
}

/**
 * The CI/CD API (token auth): log predictions, attach labels, upload reference data, run one
 * command line; plus GET /healthz. Bodies and answers are JSON; errors are
 * {"error": <code>, "message": <one line>} with 400/401/403/404/409/413/422/503.
 */
export interface ApiPorts {
  /** the inbound port: /api/v1/commands runs one command line through it */
  readonly app: StewardApp;
  readonly store: Store;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: Logger;
  /** a reply as plain text (the console's rendering), for /api/v1/commands */
  readonly renderText: (reply: Reply) => string;
  /** true once the server is shutting down: long polls (GET /api/v1/deployments/:id?wait=…) answer at once */
  readonly stopping?: () => boolean;
  /** the MLflow registry Steward mirrors (steward.yaml `registry:`): its webhooks are taken at /api/v1/mlflow/webhook */
  readonly registrySource?: RegistrySource | null;
  /** served at /metrics (a running Steward's); rows taken in are counted on it */
  readonly metrics?: Metrics & { readonly registry: Registry };
  /** which configured chat platforms are connected now, for /readyz */
  readonly chatReady?: () => Readonly<Record<string, boolean>>;
  /** requests per minute per token (limits.perTokenPerMinute); none: unlimited */
  readonly rate?: TokenRateLimit;
  /** the read-only pages (src/pages): their link signer and the audit chain's verification; absent: no pages */
  readonly pages?: { readonly signer: PageSigner; readonly verifyAudit: () => Promise<ChainVerdict> } | null;
}

export function apiRoutes(p: ApiPorts): Route[] {
  const { app, store, config, log } = p;
  /** A route with a token: the token and the content type are checked on the head, before the body is read. */
  const authed = (method: string, path: string, types: readonly string[], hint: string, handle: (req: HttpRequest, actor: Actor) => Promise<HttpResponse>): PlainRoute<Actor> => ({
    method,
    path,
    async admit(head) {
      const a = await authenticate(store, head, p.clock.now(), p.rate);
      if (isResponse(a)) return a;
      return mediaTypeProblem(head, types, hint) ?? { context: a };
    },
    handle,
  });
  const sendJson = 'send Content-Type: application/json (UTF-8)';

  return [
    {
      // alive: the process answers (a supervisor restarts it when this stops answering)
      method: 'GET',
      path: '/healthz',
      async handle() {
        return { status: 200, body: { status: 'ok' } };
      },
    },
    {
      // ready: the database answers and every configured chat platform is connected (a load balancer sends traffic)
      method: 'GET',
      path: '/readyz',
      async handle() {
        const checks: Record<string, string> = {};
        try {
          await store.read.models.names();
          checks.database = 'ok';
        } catch (e) {
          log.error({ err: e }, 'readiness check: the database does not answer');
          checks.database = 'the database does not answer';
        }
        for (const [platform, up] of Object.entries(p.chatReady?.() ?? {})) checks[platform] = up ? 'ok' : 'not connected';
        const ready = Object.values(checks).every((c) => c === 'ok');
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', checks } };
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handle(req) {
        if (!p.metrics) return fail('not_found', 'metrics are served by a running `steward start`');
        const want = config.metricsToken;
        if (want) {
          const given = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
          const a = Buffer.from(given);
          const b = Buffer.from(want);
          if (a.length !== b.length || !timingSafeEqual(a, b)) return { status: 401, body: { error: 'unauthorized', message: 'send "Authorization: Bearer <STEWARD_METRICS_TOKEN>"' }, headers: { 'www-authenticate': 'Bearer realm="steward-metrics"' } };
        }
        return { status: 200, body: await p.metrics.registry.metrics(), headers: { 'content-type': p.metrics.registry.contentType } };
      },
    },
    authed('POST', '/api/v1/predictions', JSON_ONLY, sendJson, async (req, actor) => {
      const b = jsonBody(req);
      if (!b.ok) return b.res;
      const { model, version, environment, predictions } = b.value;
      const v = versionOf(version);
      if (!str(model) || v === null || !str(environment) || !Array.isArray(predictions)) {
        // the first field that is wrong, named, then the whole shape
        const wrong = !str(model) ? '"model" is not a model name' : v === null ? `"version" ${version === undefined ? 'is missing' : `${JSON.stringify(version)} is not a version number (7 or "v7")`}` : !str(environment) ? '"environment" is not an environment name' : '"predictions" is not an array';
        return fail('bad_input', `${wrong}: the body is {"model": "<name>", "version": <n>, "environment": "<env>", "predictions": [{"id", "timestamp", "features", "prediction", "label"?, "sensitive"?}, …]}`);
      }
      if (predictions.length > MAX_BATCH) return fail('bad_input', `a batch holds at most ${MAX_BATCH} predictions; this one has ${predictions.length}: split it`);
      const allowed = checkPermission(config, actor, 'log-predictions', 'write', environment);
      if (!allowed.ok) return fail('forbidden', allowed.error.message);
      const r = await logPredictions(p, whoFrom(actor, 'api'), { model, version: v, environment }, arrayRows(predictions, 'predictions'));
      if (r.ok) p.metrics?.ingested('predictions', r.value.logged);
      return fromResult(r, (x) => x);
    }),
    authed('POST', '/api/v1/labels', JSON_ONLY, sendJson, async (req, actor) => {
      const b = jsonBody(req);
      if (!b.ok) return b.res;
      const { model, labels } = b.value;
      if (!str(model) || !Array.isArray(labels)) return fail('bad_input', 'the body is {"model": "<name>", "labels": [{"id": "<prediction id>", "label": <value>}, …]}');
      if (labels.length > MAX_BATCH) return fail('bad_input', `a batch holds at most ${MAX_BATCH} labels; this one has ${labels.length}: split it`);
      const allowed = checkPermission(config, actor, 'attach-labels', 'write');
      if (!allowed.ok) return fail('forbidden', allowed.error.message);
      const r = await attachLabels(p, whoFrom(actor, 'api'), model, arrayRows(labels, 'labels'));
      if (r.ok) p.metrics?.ingested('labels', r.value.labeled);
      return fromResult(r, (x) => x);
    }),
    authed('PUT', '/api/v1/models/:model/versions/:version/reference', REFERENCE_TYPES, REFERENCE_HINT, async (req, actor) => {
      const v = versionOf(req.params.version);
      if (v === null) return fail('bad_input', `"${req.params.version}" is not a version number: use 7 or v7`);
      const allowed = checkPermission(config, actor, 'upload-reference', 'write');
      if (!allowed.ok) return fail('forbidden', allowed.error.message);
      const type = mediaType(req);
      const categorical = (req.query.get('categorical') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      let table: Result<Table>;
      if (type === 'text/csv') table = await readTable({ bytes: req.body, format: 'csv', label: 'request body' }, { categorical });
      else if (type === 'application/vnd.apache.parquet' || type === 'application/octet-stream') table = await readTable({ bytes: req.body, format: 'parquet', label: 'request body' }, { categorical });
      else if (type === 'application/json') {
        const b = jsonBody(req);
        if (!b.ok) return b.res;
        const cats = Array.isArray(b.value.categorical) ? b.value.categorical.filter((c): c is string => typeof c === 'string') : categorical;
        table = tableFromJsonColumns(b.value, 'request body', cats);
      } else return mediaTypeProblem(req, REFERENCE_TYPES, REFERENCE_HINT)!;
      if (!table.ok) return fail(table.error.code, table.error.message);
      const t = table.value;
      const r = await uploadReference(p, whoFrom(actor, 'api'), { model: req.params.model!, version: v, source: t.source, rows: t.rows, columns: t.columns });
      if (r.ok) p.metrics?.ingested('reference', r.value.rows);
      return fromResult(r, (x) => ({ model: x.model, version: x.version, rows: x.rows, columns: x.columns, sha256: x.sha256, replaced: x.replaced }));
    }),
    ...profileRoutes(p, { authed, fail, fromResult, jsonBody, versionOf, str }),
    ...deploymentRoutes(p, { fail }),
    authed('POST', '/api/v1/commands', JSON_ONLY, sendJson, async (req, actor) => {
      const b = jsonBody(req);
      if (!b.ok) return b.res;
      const text = b.value.text;
      if (typeof text !== 'string' || !text.trim() || text.length > 4000) return fail('bad_input', 'the body is {"text": "<one command line>"}, e.g. {"text": "drift fraud-detector production"}');
      const reply = await app.handleText({ actor, channel: { platform: 'api', id: 'api' }, text }, 'cli');
      const code = reply.error as ErrorCode | undefined;
      return {
        status: code ? STATUS[code] ?? 400 : 200,
        body: {
          ok: !code,
          exitCode: exitCodeFor(code),
          ...(code ? { error: code } : {}),
          text: p.renderText(reply),
          data: reply.data ?? null,
        },
      };
    }),
  ];
}
