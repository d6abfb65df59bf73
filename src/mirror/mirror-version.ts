import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import type { Model } from '../registry/domain/model.js';
import type { Store, Tx } from '../ports/store.js';
import { stewardNameOf } from './domain/mirror-config.js';
import { completeFromRegistration, runToRegister } from '../training/register-from-run.js';
import type { RegistrySource, SourceRun, SourceVersion } from './domain/registry-source.js';

/** The MLflow version tag a retraining pipeline sets to the training_run_id it was called with: the version's lineage. */
export const TRAINING_RUN_TAG = 'steward.training_run';

/** Who a mirrored change is recorded as: the MLflow user when MLflow says, else `mlflow:unknown`. */
export const mlflowWho = (user: string | null | undefined): AuditWho => ({ actor: `mlflow:${user && /^[^\s:]{1,128}$/.test(user) ? user : 'unknown'}`, platform: 'mlflow', channel: null });

/**
 * The Steward model that mirrors an MLflow registered model, created (and audited) the first time,
 * locked for the rest of the transaction. A Steward model of the same name that has versions of its
 * own is never taken over: numbers would clash.
 */
export async function mirroredModel(tx: Tx, mlflowName: string, now: Date, who: AuditWho): Promise<Result<{ model: Model; linked: boolean }>> {
  const known = await tx.mirror.modelByMlflowName(mlflowName);
  if (known) {
    const model = await tx.models.byNameForUpdate(known.modelName);
    return model ? ok({ model, linked: false }) : err('conflict', `${known.modelName} vanished; try again`);
  }
  const name = stewardNameOf(mlflowName);
  if (!name) return err('bad_input', `MLflow model "${mlflowName}" has no letters or digits to name it by in Steward; rename it in MLflow or leave it out of registry.models`);
  let model = await tx.models.byNameForUpdate(name);
  if (model && (await tx.mirror.modelOf(model.id))) return err('conflict', `MLflow models "${(await tx.mirror.modelOf(model.id))!.mlflowName}" and "${mlflowName}" both map to ${name} in Steward; rename one in MLflow or leave one out of registry.models`);
  if (model && model.latestVersion > 0) return err('conflict', `Steward already has a model ${name} with versions of its own; MLflow "${mlflowName}" cannot be mirrored into it (version numbers would clash): rename one of them or leave it out of registry.models`);
  if (!model) {
    model = (await tx.models.create({ name, description: '', createdBy: who.actor, createdAt: now })) ?? (await tx.models.byNameForUpdate(name));
    if (!model) return err('conflict', `model ${name} could not be created; try again`);
    await tx.audit.append(auditInput(who, 'model.registered', `model:${name}`, { mlflow: mlflowName }), now);
  }
  await tx.mirror.linkModel(model.id, mlflowName, now);
  await tx.audit.append(auditInput(who, 'mlflow.model_linked', `model:${name}`, { mlflow: mlflowName }), now);
  return ok({ model, linked: true });
}

export interface MirrorVersionOutput {
  readonly model: string;
  readonly version: number;
  /** false: it was mirrored before (a repeated delivery, or reconciliation after a webhook) */
  readonly created: boolean;
  /** the model was linked by this call (its aliases are a baseline, not out-of-band moves) */
  readonly linked: boolean;
}

/** Metrics as a version keeps them: finite numbers only. */
export const finiteMetrics = (m: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

/** A version's run as mirrorVersion takes it: its facts, null (no run, or MLflow has none), or 'unavailable' (MLflow did not answer: fetched later). */
export async function runOf(source: RegistrySource, runId: string | null): Promise<SourceRun | null | 'unavailable'> {
  if (!runId) return null;
  const r = await source.run(runId);
  return r.ok ? r.value : 'unavailable';
}

/**
 * Records an MLflow model version as the Steward version of the same number — its source as the
 * artifact URI, the run's metrics and parameters (`run` null: the run was not found; 'unavailable':
 * MLflow did not answer, fetched later) — audited and announced as any registration. Idempotent:
 * a version already mirrored, or a delivery (`deliveryId`) handled before, changes nothing.
 */
export async function mirrorVersion(deps: { store: Store; clock: Clock }, v: SourceVersion, run: SourceRun | null | 'unavailable', deliveryId?: string): Promise<Result<MirrorVersionOutput>> {
  const now = deps.clock.now();
  const who = mlflowWho(v.userId ?? (run && run !== 'unavailable' ? run.userId : null));
  return deps.store.transaction<MirrorVersionOutput>(async (tx) => {
    // a webhook delivery is handled once: its id is recorded with what it did, or not at all
    if (deliveryId !== undefined && !(await tx.mirror.claimDelivery(deliveryId, 'model_version.created', now))) return ok({ model: v.name, version: v.version, created: false, linked: false });
    const m = await mirroredModel(tx, v.name, now, who);
    if (!m.ok) return m;
    const { model, linked } = m.value;
    const have = await tx.versions.get(model.id, v.version);
    if (have) return ok({ model: model.name, version: v.version, created: false, linked });
    const facts = run && run !== 'unavailable' ? run : null;
    // a retrain's pipeline tags the MLflow version with the training run Steward called it with
    const tagged = /^[1-9]\d{0,9}$/.test(v.tags[TRAINING_RUN_TAG] ?? '') ? Number(v.tags[TRAINING_RUN_TAG]) : null;
    const training = tagged !== null ? await runToRegister(tx, tagged, model) : null;
    const created = await tx.versions.create({
      modelId: model.id,
      version: v.version,
      artifactUri: v.source,
      metrics: facts ? finiteMetrics(facts.metrics) : {},
      params: facts ? { ...facts.params } : {},
      codeCommit: v.tags['mlflow.source.git.commit'] ?? null,
      card: v.description ? { intendedUse: v.description } : {},
      trainingRunId: training?.ok ? training.value.id : null,
      createdBy: who.actor,
      createdAt: now,
    });
    await tx.mirror.addVersion({ versionId: created.id, modelId: model.id, version: v.version, runId: v.runId, tags: v.tags, description: v.description, mlflowUser: v.userId, runPending: v.runId !== null && run === 'unavailable' }, now);
    await tx.mirror.raiseLatest(model.id, v.version);
    await tx.audit.append(
      auditInput(who, 'version.registered', `model:${model.name}`, { version: v.version, artifactUri: v.source, metrics: created.metrics, mlflow: { name: v.name, version: v.version, runId: v.runId, ...(run === 'unavailable' ? { runPending: true } : {}) }, ...(training?.ok ? { trainingRun: training.value.id, retrainedFrom: training.value.fromVersion, reason: training.value.reason } : training ? { trainingRunNotLinked: training.error.message } : {}) }),
      now,
    );
    if (training?.ok) await completeFromRegistration(tx, who, now, training.value, created);
    tx.emit({ type: 'version.registered', model: model.name, version: v.version, artifactUri: v.source, actor: who.actor });
    return ok({ model: model.name, version: v.version, created: true, linked });
  });
}
