import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import type { Tx } from '../ports/store.js';
import type { Model, ModelVersion } from '../registry/domain/model.js';
import { type TrainingRun, trainingRef } from './domain/training-run.js';

/**
 * Inside a registration's transaction (`register … --trigger <id>`): the run it names, locked, if
 * it may still register a version of this model — it retrains this model and is requested or running.
 */
export async function runToRegister(tx: Tx, runId: number, model: Model): Promise<Result<TrainingRun>> {
  const run = await tx.trainingRuns.byIdForUpdate(runId);
  if (!run) return err('not_found', `There is no training run #${runId}; --trigger takes the id the pipeline was called with (training_run_id).`);
  if (run.modelId !== model.id) return err('conflict', `Training run #${runId} retrains ${run.modelName}, not ${model.name}.`);
  if (run.status === 'registered') return err('conflict', `Training run #${runId} already registered ${run.modelName} v${run.registeredVersion}; a run registers one version.`);
  if (run.status !== 'running' && run.status !== 'requested') return err('conflict', `Training run #${runId} is ${run.status.replace('_', ' ')}; only a running one can register a version (retry it from its card).`);
  return ok(run);
}

/** The run registered `version`: `registered`, audited, its card updated, in the registration's transaction. */
export async function completeFromRegistration(tx: Tx, who: AuditWho, now: Date, run: TrainingRun, version: ModelVersion): Promise<void> {
  const done = await tx.trainingRuns.update(run.id, { status: 'registered', registeredVersion: version.version, finishedAt: now, leaseOwner: null, leaseUntil: null });
  await tx.audit.append(auditInput(who, 'training.registered', `training:${run.id}`, { model: run.modelName, fromVersion: run.fromVersion, version: version.version, reason: run.reason }), now);
  tx.emit({ type: 'training.finished', ...trainingRef(done), status: 'registered', version: version.version });
}
