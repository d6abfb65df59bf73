import type { Clock } from '../core/clock.js';
import { ok, type Result } from '../core/result.js';
import { auditInput, SYSTEM_WHO } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import type { RegistrySource } from './domain/registry-source.js';

export interface RevertAliasInput {
  readonly mlflowName: string;
  readonly environment: string;
  readonly alias: string;
  /** the version Steward approved there; null: none, so the alias is deleted */
  readonly version: number | null;
}

/**
 * Points an alias moved out of band back where Steward approved it (policy outOfBand: revert), then
 * records that — audited as Steward's own act, and told to the model's channels — or that MLflow
 * refused (reconciliation tries again on its next pass).
 */
export async function revertAlias(deps: { store: Store; clock: Clock; source: RegistrySource }, input: RevertAliasInput): Promise<Result<{ reverted: boolean; message: string }>> {
  const r = input.version === null ? await deps.source.deleteAlias(input.mlflowName, input.alias) : await deps.source.setAlias(input.mlflowName, input.alias, input.version);
  const message = r.ok
    ? input.version === null
      ? `Deleted alias \`${input.alias}\` in MLflow again: Steward approved no version of ${input.mlflowName} in ${input.environment}.`
      : `Pointed alias \`${input.alias}\` back to v${input.version} in MLflow, the version Steward approved in ${input.environment}.`
    : `Could not point alias \`${input.alias}\` back in MLflow (${r.error.message}); Steward tries again on its next reconciliation.`;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const linked = await tx.mirror.modelByMlflowName(input.mlflowName);
    if (!linked) return ok({ reverted: r.ok, message });
    if (r.ok) await tx.mirror.setAlias(linked.modelId, input.alias, input.version, now);
    await tx.audit.append(auditInput(SYSTEM_WHO, 'mlflow.alias_reverted', `model:${linked.modelName}`, { environment: input.environment, alias: input.alias, version: input.version, ok: r.ok, ...(r.ok ? {} : { error: r.error.message }) }), now);
    tx.emit({ type: 'registry.reverted', model: linked.modelName, environment: input.environment, alias: input.alias, version: input.version, ok: r.ok, message });
    return ok({ reverted: r.ok, message });
  });
}
