import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodeForOutcome } from '../chat/exit-codes.js';
import { can } from '../governance/domain/access.js';
import { type Actor, actorKey } from '../governance/domain/actor.js';
import { awaitDeployment } from '../deploy/await-deployment.js';
import { readDeployment } from '../deploy/read-deployment.js';
import { type DeploymentProgress, progressChanged } from '../deploy/domain/deployment-progress.js';
import { parseDuration } from '../scheduling/domain/duration.js';
import type { ApiPorts } from './api-routes.js';
import { authenticate, isResponse } from './api-auth.js';
import type { PlainRoute } from './http-server.js';
import type { RouteKit } from './profile-routes.js';

/** The longest long poll: a pipeline calls again (and a stopping server is never held longer). */
export const MAX_WAIT_SECONDS = 60;
const POLL_MS = 1000;

/**
 * GET /api/v1/deployments/:id[?wait=30s] — one deployment as a waiting pipeline sees it
 * (docs/http-api.md): status, approvals so far, outcome and the exit code a CLI `--wait` would end
 * with (null while it is open). With `wait`, answers when something changed (an approval, a new
 * status, a retry) or the deployment is over, else when the time passes. Needs `read`, or `deploy`
 * in the deployment's environment.
 */
export function deploymentRoutes(p: ApiPorts, kit: Pick<RouteKit, 'fail'>): PlainRoute<Actor>[] {
  const { fail } = kit;
  const answer = (d: DeploymentProgress, extra: { changed?: boolean } = {}) => ({ status: 200, body: { ...d, ...extra, exitCode: exitCodeForOutcome(d.outcome) } });
  const get: PlainRoute<Actor> = {
    method: 'GET',
    path: '/api/v1/deployments/:id',
    async admit(head) {
      const a = await authenticate(p.store, head, p.clock.now(), p.rate);
      return isResponse(a) ? a : { context: a };
    },
    async handle(req, actor) {
      if (!/^\d{1,10}$/.test(req.params.id!)) return fail('bad_input', `"${req.params.id!.slice(0, 40)}" is not a deployment number: use the number on its card, e.g. /api/v1/deployments/27`);
      const id = Number(req.params.id);
      const waitText = req.query.get('wait');
      const unknown = [...req.query.keys()].find((k) => k !== 'wait');
      if (unknown !== undefined) return fail('bad_input', `unknown parameter ${JSON.stringify(unknown.slice(0, 40))}; the only one is ?wait=30s`);
      const seconds = waitText === null ? 0 : parseDuration(waitText);
      if (seconds === null || seconds > MAX_WAIT_SECONDS) return fail('bad_input', `wait takes a duration up to ${MAX_WAIT_SECONDS}s, e.g. ?wait=30s (got "${waitText!.slice(0, 40)}"); call again to wait longer`);
      const first = await readDeployment(p, id);
      if (!first.ok) return fail(first.error.code, first.error.message);
      const env = first.value.environment;
      if (!can(actor, 'history', 'read', env, p.config.access) && !can(actor, 'deploy', 'write', env, p.config.access)) return fail('forbidden', `${actorKey(actor)} is not allowed to read deployments in ${env}: it needs a role with read, or deploy there.`);
      if (seconds === 0 || first.value.outcome !== null) return answer(first.value);
      const r = await awaitDeployment({ store: p.store, clock: p.clock, sleep: (ms) => sleep(ms) }, id, { until: new Date(p.clock.now().getTime() + seconds * 1000), pollMs: POLL_MS, firstChange: true, from: first.value, ...(p.stopping ? { stop: p.stopping } : {}) });
      if (!r.ok) return fail(r.error.code, r.error.message);
      return answer(r.value.progress, { changed: progressChanged(first.value, r.value.progress) });
    },
  };
  return [get];
}
