import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { parseMlflowEvent } from '../mirror/domain/mlflow-event.js';
import type { RegistrySource } from '../mirror/domain/registry-source.js';
import { verifyMlflowDelivery } from '../mirror/mlflow/webhook-signature.js';
import { receiveDelivery } from '../mirror/receive-delivery.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import type { PlainRoute } from './http-server.js';
import { fail } from './signed-callback.js';

/**
 * POST /api/v1/mlflow/webhook — MLflow's registry webhooks (steward.yaml `registry:`). Refused with
 * 401 and nothing written unless signed with registry.webhookSecretEnv and at most 5 minutes old;
 * 400 when the body is not an MLflow event. A delivery handled before (MLflow retries, or another
 * replica got it) is answered 200 and changes nothing; events Steward does not act on (prompts,
 * tags, models it does not mirror) 200 and ignored. 503 when it could not be recorded: MLflow retries.
 */
export function mlflowWebhookRoute(deps: { readonly store: Store; readonly clock: Clock; readonly log: Logger; readonly config: Config; readonly source: RegistrySource }): PlainRoute {
  return {
    method: 'POST',
    path: '/api/v1/mlflow/webhook',
    maxBodyBytes: 1024 * 1024,
    async handle(req) {
      const secret = deps.config.registry?.webhookSecret;
      if (!secret) return fail(401, 'unauthorized', 'Steward has no MLflow webhook secret: set registry.webhookSecretEnv in steward.yaml and create the webhook in MLflow with that secret');
      const v = verifyMlflowDelivery(req.headers, req.body, secret, deps.clock.now());
      if (!v.ok) {
        deps.log.warn({ reason: v.error.message }, 'refused an MLflow webhook delivery');
        return fail(401, 'unauthorized', v.error.message);
      }
      let body: unknown;
      try {
        body = JSON.parse(req.body.toString('utf8'));
      } catch {
        return fail(400, 'bad_input', 'the body is not JSON: MLflow sends {"entity", "action", "timestamp", "data": {…}}');
      }
      const event = parseMlflowEvent(body);
      if (event.kind === 'malformed') return fail(400, 'bad_input', event.problem);
      const r = await receiveDelivery(deps, v.value.deliveryId, event);
      if (!r.ok) {
        deps.log.warn({ delivery: v.value.deliveryId, error: r.error.message }, 'an MLflow webhook delivery could not be recorded');
        return fail(r.error.code === 'bad_input' || r.error.code === 'conflict' ? 422 : 503, r.error.code, r.error.message);
      }
      deps.log.info({ delivery: v.value.deliveryId, event: event.kind, ...r.value }, 'MLflow webhook delivery');
      return { status: 200, body: r.value };
    },
  };
}
