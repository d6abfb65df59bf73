import type { ErrorCode, Result } from '../core/result.js';
import { whoFrom } from '../governance/audit-who.js';
import type { Actor } from '../governance/domain/actor.js';
import { checkEnvironment, checkPermission } from '../monitoring/log-predictions.js';
import { readProfileBasis } from '../monitoring/read-profile-basis.js';
import { MAX_UPLOAD_HOURS, type ProfileUpload, uploadProfiles } from '../monitoring/upload-profile.js';
import type { ApiPorts } from './api-routes.js';
import { authenticate, isResponse } from './api-auth.js';
import type { HttpRequest, HttpResponse, PlainRoute } from './http-server.js';

/**
 * Profiles built where the data lives (docs/http-api.md):
 *   GET  /api/v1/models/:model/versions/:version/profile-basis[?environment=E]   the version's basis, "steward.basis/1"
 *        (a read permission; with ?environment, also log-predictions there, so a client learns before it reads its data)
 *   POST /api/v1/profiles   {"model", "version", "environment", "hour"?, "profile"} or {…, "profiles": [{"hour"?, "profile"}, …]}
 *                           (log-predictions in that environment): added to the 'upload' profiles, all or none
 */

/** What api-routes.ts lends these routes: its token-checked route maker and its answers. */
export interface RouteKit {
  readonly authed: (method: string, path: string, types: readonly string[], hint: string, handle: (req: HttpRequest, actor: Actor) => Promise<HttpResponse>) => PlainRoute<Actor>;
  readonly fail: (code: ErrorCode, message: string) => HttpResponse;
  readonly fromResult: <T>(r: Result<T>, body: (v: T) => unknown, status?: number) => HttpResponse;
  readonly jsonBody: (req: HttpRequest) => { ok: true; value: Record<string, unknown> } | { ok: false; res: HttpResponse };
  readonly versionOf: (v: unknown) => number | null;
  readonly str: (v: unknown) => v is string;
}

const BODY = 'the body is {"model": "<name>", "version": <n>, "environment": "<env>", "hour": "<start of a UTC hour, ISO>" (optional), "profile": {steward.profile/1}} or, for several hours, {"model", "version", "environment", "profiles": [{"hour", "profile"}, …]}';

export function profileRoutes(p: ApiPorts, kit: RouteKit): PlainRoute<Actor>[] {
  const { authed, fail, fromResult, jsonBody, versionOf, str } = kit;
  const basis: PlainRoute<Actor> = {
    method: 'GET',
    path: '/api/v1/models/:model/versions/:version/profile-basis',
    async admit(head) {
      const a = await authenticate(p.store, head, p.clock.now(), p.rate);
      return isResponse(a) ? a : { context: a };
    },
    async handle(req, actor) {
      const v = versionOf(req.params.version);
      if (v === null) return fail('bad_input', `"${req.params.version}" is not a version number: use 7 or v7`);
      const allowed = checkPermission(p.config, actor, 'profile-basis', 'read');
      if (!allowed.ok) return fail('forbidden', allowed.error.message);
      // ?environment=E: also check, before a client profiles its data, that it may send profiles there
      const environment = req.query.get('environment');
      if (environment !== null) {
        const known = checkEnvironment(p.config, environment);
        if (!known.ok) return fail(known.error.code, known.error.message);
        const may = checkPermission(p.config, actor, 'log-predictions', 'write', environment);
        if (!may.ok) return fail('forbidden', may.error.message);
      }
      return fromResult(await readProfileBasis(p, req.params.model!, v), (x) => x);
    },
  };
  const upload = authed('POST', '/api/v1/profiles', ['application/json'], 'send Content-Type: application/json (UTF-8)', async (req, actor) => {
    const b = jsonBody(req);
    if (!b.ok) return b.res;
    const { model, version, environment, hour, profile, profiles } = b.value;
    const v = versionOf(version);
    if (!str(model) || v === null || !str(environment) || (profile === undefined) === (profiles === undefined) || (profiles !== undefined && !Array.isArray(profiles))) return fail('bad_input', BODY);
    const unknown = Object.keys(b.value).find((k) => !['model', 'version', 'environment', 'hour', 'profile', 'profiles'].includes(k));
    if (unknown !== undefined) return fail('bad_input', `unknown field ${JSON.stringify(unknown.slice(0, 40))}; ${BODY}`);
    if (profiles !== undefined && hour !== undefined) return fail('bad_input', 'with "profiles", each item has its own "hour": leave out the top-level one');
    let uploads: ProfileUpload[];
    if (Array.isArray(profiles)) {
      if (profiles.length > MAX_UPLOAD_HOURS) return fail('bad_input', `a request holds at most ${MAX_UPLOAD_HOURS} profiles; this one has ${profiles.length}: split it`);
      uploads = [];
      for (let i = 0; i < profiles.length; i++) {
        const item: unknown = profiles[i];
        if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.keys(item).some((k) => k !== 'hour' && k !== 'profile')) return fail('bad_input', `profiles[${i}]: must be {"hour": "<ISO>", "profile": {…}}`);
        const it = item as { hour?: unknown; profile?: unknown };
        uploads.push({ where: `profiles[${i}]`, hour: it.hour, profile: it.profile });
      }
    } else uploads = [{ where: 'body', hour, profile }];
    const allowed = checkPermission(p.config, actor, 'log-predictions', 'write', environment);
    if (!allowed.ok) return fail('forbidden', allowed.error.message);
    return fromResult(await uploadProfiles(p, whoFrom(actor, 'api'), { model, version: v, environment }, uploads), (x) => x);
  });
  return [basis, upload];
}
