import type { Clock } from '../core/clock.js';
import type { Model, ModelVersion, NewVersion } from './domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { suggest } from '../core/suggest.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { completeFromRegistration, runToRegister } from '../training/register-from-run.js';
import { mirrorPatternOf } from '../mirror/domain/mirror-config.js';

export interface RegisterVersionInput {
  readonly model: string;
  /** Used only when the model is created by this registration. */
  readonly modelMeta?: { description?: string; ownerTeam?: string | null; tags?: string[] };
  /** Create the model even if its name is close to an existing one (typo guard). */
  readonly newModel?: boolean;
  readonly version: NewVersion;
  /** the training run whose pipeline registers it (`--trigger`): the version's lineage */
  readonly trigger?: number;
  /** steward.yaml `registry.models` when Steward mirrors an MLflow registry: those models are registered in MLflow */
  readonly mirrorPatterns?: readonly string[];
}

export interface RegisterVersionOutput {
  readonly model: Model;
  readonly version: ModelVersion;
  readonly createdModel: boolean;
}

/**
 * Register an immutable version: numbered per model in one transaction with its audit events.
 * The model row is locked, so concurrent registrations get consecutive numbers and the same
 * digest cannot slip in twice.
 */
export async function registerVersion(store: Store, clock: Clock, who: AuditWho, input: RegisterVersionInput): Promise<Result<RegisterVersionOutput>> {
  const now = clock.now();
  const pattern = mirrorPatternOf({ models: input.mirrorPatterns ?? [] }, input.model);
  return store.transaction(async (tx) => {
    let model = await tx.models.byNameForUpdate(input.model);
    let createdModel = false;
    // named by registry.models but not imported yet (MLflow not reached, or the model is new there)
    if (pattern !== null && !(model && (await tx.mirror.modelOf(model.id)))) return err('conflict', `${input.model} is mirrored from MLflow (registry.models "${pattern}" in steward.yaml): register its versions in MLflow, and Steward records each one as it appears there, with the same number.`);
    if (!model) {
      const close = suggest(input.model, await tx.models.names()).filter((n) => n !== input.model);
      if (close.length && !input.newModel) {
        return err('conflict', `There is no model \`${input.model}\`; did you mean ${close.map((c) => `\`${c}\``).join(', ')}? To create a new model with this name, add --new-model.`);
      }
      const created = await tx.models.create({ name: input.model, ...input.modelMeta, createdBy: who.actor, createdAt: now });
      model = created ?? (await tx.models.byNameForUpdate(input.model));
      if (!model) return err('conflict', `Model \`${input.model}\` could not be created; try again.`);
      if (created) {
        createdModel = true;
        await tx.audit.append(auditInput(who, 'model.registered', `model:${model.name}`, { description: model.description, ownerTeam: model.ownerTeam, tags: model.tags }), now);
      }
    }
    const mirror = await tx.mirror.modelOf(model.id);
    if (mirror) return err('conflict', `${model.name} is mirrored from MLflow (registered model "${mirror.mlflowName}"): register its versions in MLflow, and Steward records each one as it appears there, with the same number.`);
    if (input.version.sha256) {
      const dup = await tx.versions.bySha256(model.id, input.version.sha256);
      if (dup) {
        return err('conflict', `${model.name} v${dup.version} already has sha256 ${input.version.sha256.slice(0, 12)}… (registered by ${dup.createdBy}); versions are immutable, so the same artifact is not registered twice.`);
      }
    }
    const run = input.trigger !== undefined ? await runToRegister(tx, input.trigger, model) : null;
    if (run && !run.ok) return run;
    const number = await tx.models.nextVersion(model.id);
    const version = await tx.versions.create({ ...input.version, trainingRunId: run?.value.id ?? null, modelId: model.id, version: number, createdBy: who.actor, createdAt: now });
    await tx.audit.append(
      auditInput(who, 'version.registered', `model:${model.name}`, {
        version: number,
        artifactUri: version.artifactUri,
        sha256: version.sha256,
        metrics: version.metrics,
        datasetUri: version.datasetUri,
        codeCommit: version.codeCommit,
        ...(run ? { trainingRun: run.value.id, retrainedFrom: run.value.fromVersion, reason: run.value.reason } : {}),
      }),
      now,
    );
    if (run) await completeFromRegistration(tx, who, now, run.value, version);
    tx.emit({ type: 'version.registered', model: model.name, version: number, artifactUri: version.artifactUri, actor: who.actor });
    return ok({ model: { ...model, latestVersion: number }, version, createdModel });
  });
}
