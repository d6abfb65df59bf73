import type { Clock } from '../core/clock.js';
import { ok, type Result } from '../core/result.js';
import type { Policy } from '../governance/domain/policy.js';
import { auditInput } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import { environmentOfAlias, type MlflowRegistryConfig } from './domain/mirror-config.js';
import { mlflowWho } from './mirror-version.js';

export type AliasOutcome =
  /** not an alias of a configured environment, or a model Steward does not mirror (yet) */
  | 'untracked'
  /** where Steward saw it last, or a delivery handled before: nothing new (a retry, or reconciliation after a webhook) */
  | 'unchanged'
  /** where Steward put it (a deploy or rollback's own change echoing back) */
  | 'echo'
  /** the model's first sighting: recorded as what is live, not as a change */
  | 'baseline'
  | 'out_of_band';

export interface ObserveAliasInput {
  readonly mlflowName: string;
  readonly alias: string;
  /** null: the alias was deleted */
  readonly version: number | null;
  /** the model was linked in this same pass: its aliases are where things stand, not changes */
  readonly baseline?: boolean;
  /** who moved it, when MLflow says */
  readonly user?: string | null;
  /** the webhook delivery that told it: handled once across replicas */
  readonly deliveryId?: string;
}

export interface ObserveAliasOutput {
  readonly outcome: AliasOutcome;
  readonly environment: string | null;
  /** under `revert`: the alias is not where Steward approved (also true on later passes, until it is) */
  readonly revertTo?: { readonly version: number | null };
}

/**
 * What an MLflow alias position means (from a webhook or reconciliation). Steward records where each
 * alias of a configured environment points. A position that is neither where Steward saw it last,
 * nor the version Steward approved for the environment (live, or being rolled out), is an
 * out-of-band change: audited, announced to the model's channels, and handled by the environment's
 * policy — accept (recorded as a deployment), alert, or revert (pointed back after the commit).
 * The model row is locked, so a webhook and a reconciliation on two replicas act once.
 */
export async function observeAlias(deps: { store: Store; clock: Clock; config: { readonly registry?: MlflowRegistryConfig | null; readonly policies: Readonly<Record<string, Policy>> } }, input: ObserveAliasInput): Promise<Result<ObserveAliasOutput>> {
  const now = deps.clock.now();
  const registry = deps.config.registry;
  const environment = registry ? environmentOfAlias(registry, input.alias) : null;
  return deps.store.transaction<ObserveAliasOutput>(async (tx) => {
    if (input.deliveryId !== undefined && !(await tx.mirror.claimDelivery(input.deliveryId, input.version === null ? 'model_version_alias.deleted' : 'model_version_alias.created', now))) return ok({ outcome: 'unchanged', environment });
    const linked = await tx.mirror.modelByMlflowName(input.mlflowName);
    if (!linked || !environment) return ok({ outcome: 'untracked', environment });
    const model = (await tx.models.byNameForUpdate(linked.modelName))!;
    const before = await tx.mirror.aliasAt(model.id, input.alias);
    // in flight first, then live: a rollout that finishes between the two reads (it commits without
    // this model's lock) is seen running or live — never neither, which would take Steward's own
    // alias change for an out-of-band one
    const inFlight = (await tx.deployments.open({ modelId: model.id, environment, statuses: ['approved', 'running'] })).some((d) => d.version === input.version);
    const live = await tx.deployments.liveAt(model.id, environment, now);
    const approved = live?.version ?? null;
    const action = deps.config.policies[environment]?.outOfBand ?? 'alert';
    const stray = input.version !== approved;
    if (before === input.version) return ok({ outcome: 'unchanged', environment, ...(stray && !inFlight && action === 'revert' ? { revertTo: { version: approved } } : {}) });
    await tx.mirror.setAlias(model.id, input.alias, input.version, now);
    if (!stray || inFlight) return ok({ outcome: 'echo', environment });
    const who = mlflowWho(input.user);
    const target = `model:${model.name}`;
    if (input.baseline && before === undefined && live === null) {
      // where a newly mirrored model stands: recorded as live there, once
      const version = input.version === null ? null : await tx.versions.get(model.id, input.version);
      if (version) {
        await tx.deployments.create({ modelId: model.id, versionId: version.id, environment, kind: 'deploy', status: 'succeeded', requestedBy: who.actor, requestedAt: now, target: 'mlflow', startedAt: now, finishedAt: now, requestReason: `imported from MLflow: alias ${input.alias} pointed to v${version.version} when Steward began mirroring ${input.mlflowName}` });
        await tx.audit.append(auditInput(who, 'mlflow.alias_imported', target, { environment, alias: input.alias, version: version.version }), now);
      }
      return ok({ outcome: 'baseline', environment });
    }
    await tx.audit.append(auditInput(who, 'mlflow.out_of_band', target, { environment, alias: input.alias, from: before ?? null, to: input.version, approved, action }), now);
    tx.emit({ type: 'registry.out_of_band', model: model.name, environment, alias: input.alias, version: input.version, approved, action, actor: who.actor });
    if (action === 'accept' && input.version !== null) {
      const version = await tx.versions.get(model.id, input.version);
      if (version) {
        const d = await tx.deployments.create({ modelId: model.id, versionId: version.id, environment, kind: 'deploy', status: 'succeeded', requestedBy: who.actor, requestedAt: now, target: 'mlflow', startedAt: now, finishedAt: now, requestReason: `alias ${input.alias} moved in MLflow outside Steward; accepted by policy (outOfBand: accept)` });
        await tx.audit.append(auditInput(who, 'deploy.recorded', target, { deployment: d.id, environment, version: version.version, status: 'succeeded', kind: 'deploy', outOfBand: true }), now);
        tx.emit({ type: 'deployment.finished', deploymentId: d.id, model: model.name, version: version.version, environment, status: 'succeeded', kind: 'deploy' });
      }
    }
    return ok({ outcome: 'out_of_band', environment, ...(action === 'revert' ? { revertTo: { version: approved } } : {}) });
  });
}
