import { err, ok, type Result } from '../../core/result.js';
import { answerMessage, callHttp, type FetchFn, is2xx, oneLine } from '../../deploy/targets/http-call.js';
import type { MlflowRegistryConfig } from '../domain/mirror-config.js';
import type { RegistrySource, SourceModel, SourceRun, SourceVersion } from '../domain/registry-source.js';

/** Stop following next_page_token after this many pages (a misbehaving server must not loop us forever). */
const MAX_PAGES = 1000;
const PAGE = 1000;

type Kv = { key?: unknown; value?: unknown };
const pairs = (xs: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (Array.isArray(xs)) for (const x of xs as Kv[]) if (typeof x?.key === 'string') out[x.key] = String(x.value ?? '');
  return out;
};
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function toVersion(mv: Record<string, unknown>): SourceVersion | null {
  const version = Number(mv.version);
  if (typeof mv.name !== 'string' || !Number.isSafeInteger(version) || version < 1 || typeof mv.source !== 'string') return null;
  return { name: mv.name, version, source: mv.source, runId: str(mv.run_id), tags: pairs(mv.tags), description: str(mv.description), userId: str(mv.user_id), status: str(mv.status) ?? 'READY' };
}

function toModel(rm: Record<string, unknown>): SourceModel | null {
  if (typeof rm.name !== 'string') return null;
  const aliases: Record<string, number> = {};
  if (Array.isArray(rm.aliases)) for (const a of rm.aliases as { alias?: unknown; version?: unknown }[]) if (typeof a?.alias === 'string' && Number(a.version) >= 1) aliases[a.alias] = Number(a.version);
  return { name: rm.name, description: str(rm.description), aliases };
}

/** MLflow's REST API (2.0 paths) as the RegistrySource: searches follow every page token. */
export function mlflowClient(cfg: Pick<MlflowRegistryConfig, 'url' | 'token' | 'tokenEnv' | 'timeoutMs'>, fetchFn?: FetchFn): RegistrySource {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'steward-mirror', ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}) };
  const hint = (status: number) => (status === 401 || status === 403 ? (cfg.tokenEnv ? ` (check the token in ${cfg.tokenEnv})` : ' (MLflow wants a token: set registry.tokenEnv)') : '');
  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, q: Record<string, string> = {}, body?: unknown): Promise<Result<Record<string, unknown> | null>> {
    const query = new URLSearchParams(q).toString();
    const r = await callHttp(`${cfg.url}/api/2.0/mlflow/${path}${query ? `?${query}` : ''}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: cfg.timeoutMs,
      label: 'MLflow',
      fetch: fetchFn,
    });
    if (!r.ok) return err('unavailable', oneLine(r.message));
    if (r.answer.status === 404) return ok(null);
    if (!is2xx(r.answer.status)) return err('unavailable', oneLine(`MLflow answered HTTP ${r.answer.status} to ${path}: ${answerMessage(r.answer)}${hint(r.answer.status)}`));
    const j = r.answer.json;
    return ok(j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : {});
  }
  async function pages<T>(path: string, field: string, q: Record<string, string>, map: (x: Record<string, unknown>) => T | null): Promise<Result<T[]>> {
    const out: T[] = [];
    let token: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const r = await call('GET', path, { ...q, max_results: String(PAGE), ...(token ? { page_token: token } : {}) });
      if (!r.ok) return r;
      const items = r.value?.[field];
      if (Array.isArray(items)) for (const x of items) if (x && typeof x === 'object') out.push(...[map(x as Record<string, unknown>)].filter((y): y is T => y !== null));
      token = str(r.value?.next_page_token);
      if (!token) return ok(out);
    }
    return err('unavailable', `MLflow gave more than ${MAX_PAGES} pages of ${path}; stopped`);
  }
  const quoted = (name: string) => `'${name.replace(/'/g, "\\'")}'`;
  return {
    url: cfg.url,
    models: () => pages('registered-models/search', 'registered_models', {}, toModel),
    async model(name) {
      const r = await call('GET', 'registered-models/get', { name });
      if (!r.ok) return r;
      const rm = r.value?.registered_model;
      return ok(rm && typeof rm === 'object' ? toModel(rm as Record<string, unknown>) : null);
    },
    versions: (name) => pages('model-versions/search', 'model_versions', { filter: `name=${quoted(name)}` }, toVersion),
    async run(runId) {
      const r = await call('GET', 'runs/get', { run_id: runId });
      if (!r.ok) return r;
      const run = r.value?.run as { info?: { user_id?: unknown }; data?: { metrics?: unknown; params?: unknown } } | undefined;
      if (!run) return ok(null);
      const metrics: Record<string, number> = {};
      if (Array.isArray(run.data?.metrics)) for (const m of run.data.metrics as { key?: unknown; value?: unknown }[]) if (typeof m?.key === 'string' && typeof m.value === 'number') metrics[m.key] = m.value;
      const facts: SourceRun = { metrics, params: pairs(run.data?.params), userId: str(run.info?.user_id) };
      return ok(facts);
    },
    async setAlias(name, alias, version) {
      const r = await call('POST', 'registered-models/alias', {}, { name, alias, version: String(version) });
      return r.ok ? (r.value === null ? err('not_found', `MLflow has no version ${version} of ${name}`) : ok(undefined)) : r;
    },
    async deleteAlias(name, alias) {
      const r = await call('DELETE', 'registered-models/alias', { name, alias });
      return r.ok ? ok(undefined) : r;
    },
  };
}
