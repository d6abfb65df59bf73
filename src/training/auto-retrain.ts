import { ok, type Result } from '../core/result.js';
import { SYSTEM_WHO } from '../governance/audit-who.js';
import type { Alert } from '../scheduling/domain/records.js';
import type { TrainingRun } from './domain/training-run.js';
import { type RetrainPorts, requestRetrain } from './request-retrain.js';

/**
 * Steward retrains on its own when an alert of a kind listed in `training.<model>.auto.on` is
 * raised — at most once per model per cooldown (claimed in the request's transaction, so it holds
 * across replicas). Off unless configured. Null when nothing was started (not configured, within
 * the cooldown, or a run is already open: the reason is in the error).
 */
export async function autoRetrain(deps: RetrainPorts, alert: Pick<Alert, 'id' | 'kind' | 'model' | 'environment' | 'headline'>): Promise<Result<TrainingRun | null>> {
  const auto = deps.config.training[alert.model]?.auto;
  if (!auto || !auto.on.includes(alert.kind)) return ok(null);
  const headline = alert.headline.replace(/\*\*|`/g, '').replace(/\s+/g, ' ').trim();
  return requestRetrain(deps, SYSTEM_WHO, { model: alert.model, reason: `${alert.kind} alert #${alert.id} in ${alert.environment}: ${headline}`, triggerKind: 'auto', alertId: alert.id, channel: null, cooldownMs: auto.cooldownMs });
}
