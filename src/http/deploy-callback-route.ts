import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { oneLine } from '../deploy/targets/http-call.js';
import { callbackPath } from '../deploy/targets/webhook-target.js';
import { SIGNATURE_MISMATCH } from '../deploy/targets/signature.js';
import { completeDeployment } from '../deploy/complete-deployment.js';
import type { HttpResponse, PlainRoute } from './http-server.js';
import { type CallbackSpec, callbackReport, fail, readSignedCallback } from './signed-callback.js';

const SHAPE = 'send {"deploymentId": <the id in the path>, "status": "succeeded"|"failed", "message"?: "…", "url"?: "https://…"}';
const SPEC: CallbackSpec = { idField: 'deploymentId', noun: 'deployment', path: callbackPath, shape: SHAPE, statuses: ['succeeded', 'failed'] };

/**
 * POST /api/v1/deployments/:id/callback — a webhook receiver reports the end of an accepted
 * deployment: {"deploymentId": <id>, "status": "succeeded"|"failed", "message"?, "url"?}, signed like
 * Steward's own request (X-Steward-Timestamp, X-Steward-Signature) with the secret of the
 * deployment's environment. The signature is checked first, against every configured webhook secret,
 * so an unsigned, stale or forged callback gets the same 401 whether or not the deployment exists.
 * The signed body names its deployment, so a signature authorizes one outcome of one deployment: a
 * deploymentId other than the path's, or a deployment in an environment with another secret, is
 * 401 too. Then: unknown id -> 404; not running -> 409 (a repeat of the outcome already recorded
 * answers 200, so a receiver may safely retry). Nothing changes on any refusal.
 */
export function deployCallbackRoute(deps: { readonly store: Store; readonly clock: Clock; readonly log: Logger; readonly config: Pick<Config, 'targets'> }): PlainRoute {
  const refuse = (idText: string, reason: string) => {
    deps.log.warn({ deployment: oneLine(idText, 40), reason }, 'refused a deployment callback');
    return fail(401, 'unauthorized', reason);
  };
  return {
    method: 'POST',
    path: '/api/v1/deployments/:id/callback',
    maxBodyBytes: 64 * 1024,
    async handle(req) {
      const idText = req.params.id ?? '';
      // secret -> the environments whose webhook target signs with it
      const environments = new Map<string, string[]>();
      for (const [env, t] of Object.entries(deps.config.targets)) if (t?.kind === 'webhook') environments.set(t.secret, [...(environments.get(t.secret) ?? []), env]);
      const read = readSignedCallback(req, [...environments.keys()], deps.clock.now(), SPEC, (reason) => refuse(idText, reason));
      if (!read.ok) return read.response;
      const { id, secret } = read.callback;
      const d = await deps.store.read.deployments.byId(id);
      if (!d) return fail(404, 'not_found', `there is no deployment #${id}`);
      // the secret that signed it must be the deployment's environment's
      if (!environments.get(secret)!.includes(d.environment)) return refuse(idText, SIGNATURE_MISMATCH);
      const rep = callbackReport(read.callback.body, SPEC);
      if (!rep.ok) return rep.response;
      const b = rep.report;
      const { message, url } = b;

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
