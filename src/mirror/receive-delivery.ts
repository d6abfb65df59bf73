import type { Clock } from '../core/clock.js';
import { ok, type Result } from '../core/result.js';
import type { Policy } from '../governance/domain/policy.js';
import type { Store } from '../ports/store.js';
import { environmentOfAlias, type MlflowRegistryConfig, mirrored } from './domain/mirror-config.js';
import type { MlflowEvent } from './domain/mlflow-event.js';
import type { RegistrySource } from './domain/registry-source.js';
import { mirrorVersion, runOf } from './mirror-version.js';
import { observeAlias } from './observe-alias.js';
import { revertAlias } from './revert-alias.js';

export interface DeliveryOutcome {
  /** what it led to, for the answer and the log: "mirrored", "duplicate", "ignored", "echo", "out_of_band", … */
  readonly result: string;
  readonly model?: string;
  readonly version?: number;
}

/**
 * One verified MLflow webhook delivery, handled once per delivery id across replicas (the id is
 * recorded in the transaction of what it does, so a retry finds it and changes nothing). The event: a new version of a mirrored model is mirrored (its run's metrics fetched now, or later if
 * MLflow does not answer), an alias change is observed (echo, or out of band by policy). Everything
 * else is acknowledged and ignored.
 */
export async function receiveDelivery(
  deps: { store: Store; clock: Clock; config: { readonly registry?: MlflowRegistryConfig | null; readonly policies: Readonly<Record<string, Policy>> }; source: RegistrySource },
  deliveryId: string,
  event: Exclude<MlflowEvent, { kind: 'malformed' }>,
): Promise<Result<DeliveryOutcome>> {
  const registry = deps.config.registry!;
  const name = event.kind === 'ignored' ? null : event.name;
  if (event.kind === 'ignored' || event.kind === 'model.created' || !mirrored(registry, name!)) return ok({ result: 'ignored' });
  if (event.kind === 'version.created') {
    const run = await runOf(deps.source, event.runId);
    const m = await mirrorVersion(deps, { name: event.name, version: event.version, source: event.source, runId: event.runId, tags: event.tags, description: event.description, userId: null, status: 'READY' }, run, deliveryId);
    if (!m.ok) return m;
    return ok({ result: m.value.created ? (run === 'unavailable' ? 'mirrored; run metrics pending' : 'mirrored') : 'duplicate', model: m.value.model, version: event.version });
  }
  const version = event.kind === 'alias.set' ? event.version : null;
  const seen = await observeAlias(deps, { mlflowName: event.name, alias: event.alias, version, deliveryId });
  if (!seen.ok) return seen;
  if (seen.value.revertTo) await revertAlias(deps, { mlflowName: event.name, environment: environmentOfAlias(registry, event.alias)!, alias: event.alias, version: seen.value.revertTo.version });
  return ok({ result: seen.value.outcome, ...(version !== null ? { version } : {}) });
}
