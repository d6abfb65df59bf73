import type { Deps } from '../commands/command-context.js';
import { oneLine } from '../targets/http-call.js';
import { verify } from '../targets/signature.js';
import { completeDeployment } from '../usecases/complete-deployment.js';
import type { HttpResponse, Route } from './http-server.js';

const fail = (status: number, error: string, message: string): HttpResponse => ({ status, body: { error, message: oneLine(message.replace(/`/g, '')) } });

/**
 * POST /api/v1/deployments/:id/callback — a webhook receiver reports the end of an accepted
 * deployment: {"status": "succeeded"|"failed", "message"?, "url"?}, signed like Steward's own
 * request (X-Steward-Timestamp, X-Steward-Signature) with the secret of the deployment's environment.
 * Unsigned, stale or forged -> 401 and nothing changes; unknown id -> 404; not running -> 409
 * (a repeat of the outcome already recorded answers 200, so a receiver may safely retry).
 */
export function deployCallbackRoute(deps: Deps): Route {
  return {
    method: 'POST',
    path: '/api/v1/deployments/:id/callback',
    async handle(req) {
      const idText = req.params.id ?? '';
      const id = /^\d{1,12}$/.test(idText) ? Number(idText) : NaN;
      if (!Number.isSafeInteger(id) || id < 1) return fail(404, 'not_found', `"${oneLine(idText, 40)}" is not a deployment id`);
      const d = await deps.store.read.deployments.byId(id);
      if (!d) return fail(404, 'not_found', `there is no deployment #${id}`);
      const target = deps.config.targets[d.environment];
      if (target?.kind !== 'webhook') return fail(404, 'not_found', `deployment #${id} goes to ${d.environment}, which has no webhook target: nothing calls back there`);

      const v = verify(req.headers, req.body, target.secret, deps.clock.now());
      if (!v.ok) {
        deps.log.warn({ deploymentId: id, reason: v.error.message }, 'refused a deployment callback');
        return fail(401, 'unauthorized', v.error.message);
      }

      let body: unknown;
      try {
        body = JSON.parse(req.body.toString('utf8'));
      } catch {
        return fail(400, 'bad_input', 'the body is not JSON: send {"status": "succeeded"|"failed", "message"?: "…", "url"?: "https://…"}');
      }
      const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as { status?: unknown; message?: unknown; url?: unknown };
      if (b.status !== 'succeeded' && b.status !== 'failed') return fail(400, 'bad_input', 'status must be "succeeded" or "failed": send {"status": "succeeded"|"failed", "message"?: "…", "url"?: "https://…"}');
      if (b.message !== undefined && b.message !== null && typeof b.message !== 'string') return fail(400, 'bad_input', 'message must be a string');
      if (b.url !== undefined && b.url !== null && (typeof b.url !== 'string' || !/^https?:\/\/\S+$/.test(b.url) || b.url.length > 2000)) return fail(400, 'bad_input', 'url must be an http(s) URL');
      const message = typeof b.message === 'string' && b.message.trim() ? oneLine(b.message) : null;
      const url = typeof b.url === 'string' ? b.url : null;

      if (d.status !== 'running') return notRunning(id, d.status, b.status);
      const r = await completeDeployment(deps, id, { succeeded: b.status === 'succeeded', message, url });
      if (r.ok) {
        deps.log.info({ deploymentId: id, status: r.value.status }, 'deployment completed by callback');
        return { status: 200, body: { status: r.value.status } };
      }
      if (r.error.code === 'conflict') {
        const now = await deps.store.read.deployments.byId(id);
        return notRunning(id, now?.status ?? 'unknown', b.status);
      }
      if (r.error.code === 'not_found') return fail(404, 'not_found', r.error.message);
      return fail(503, r.error.code, r.error.message);
    },
  };
}

function notRunning(id: number, status: string, reported: string): HttpResponse {
  if (status === reported) return { status: 200, body: { status, duplicate: true } };
  return fail(409, 'conflict', `deployment #${id} is ${status}, not running: the outcome was already recorded`);
}
