import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import type { TrainingConfig } from './domain/training-config.js';
import { type TrainingChannel, type TrainingRun, type TrainingTriggerKind, trainingRef } from './domain/training-run.js';

export interface RetrainRequest {
  readonly model: string;
  readonly reason: string;
  readonly triggerKind: TrainingTriggerKind;
  readonly alertId?: number | null;
  readonly channel: TrainingChannel | null;
  readonly retryOf?: number | null;
  /** automatic retrains: at most one per model per cooldown, claimed in this transaction */
  readonly cooldownMs?: number;
}

export interface RetrainPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: { readonly training: Readonly<Record<string, TrainingConfig>> };
  /** the one line the card shows for where the model's pipeline runs */
  readonly pipelineSummary: (model: string) => string | null;
}

/**
 * Request a retrain of a model through its configured pipeline: one open run per model (under the
 * model row lock), from its latest version; awaiting approval when the model's training policy asks
 * for approvals (automatic retrains too), else ready for the runner at once — with its audit events
 * and domain events, in one transaction.
 */
export async function requestRetrain(deps: RetrainPorts, who: AuditWho, req: RetrainRequest): Promise<Result<TrainingRun>> {
  const cfg = deps.config.training[req.model];
  const summary = deps.pipelineSummary(req.model);
  if (!cfg || !summary) return err('bad_input', `${req.model} has no training pipeline; configure training.${req.model}.pipeline in steward.yaml (docs/targets.md, "Training pipelines").`);
  const now = deps.clock.now();
  return deps.store.transaction<TrainingRun>(async (tx) => {
    const model = await tx.models.byNameForUpdate(req.model);
    if (!model) return err('not_found', `There is no model \`${req.model}\`.`);
    if (req.cooldownMs !== undefined && !(await tx.alerts.claimCooldown(`retrain:${model.name}`, now, Math.round(req.cooldownMs / 1000)))) {
      return err('busy', `${model.name} was retrained automatically less than ${Math.round(req.cooldownMs / 3_600_000)}h ago (training.${model.name}.auto.cooldown).`);
    }
    const [open] = await tx.trainingRuns.open(model.id);
    if (open) return err('busy', `${model.name} is already being retrained: training run #${open.id} is ${open.status.replace('_', ' ')} (requested by ${open.requestedBy}); wait for it, or retry it once it fails.`);
    const approvedNow = cfg.approvals === 0;
    const run = await tx.trainingRuns.create({
      modelId: model.id,
      fromVersion: model.latestVersion > 0 ? model.latestVersion : null,
      status: approvedNow ? 'requested' : 'awaiting_approval',
      reason: req.reason,
      triggerKind: req.triggerKind,
      alertId: req.alertId ?? null,
      requestedBy: who.actor,
      requestedAt: now,
      requiredApprovals: cfg.approvals,
      pipeline: summary,
      requestChannel: req.channel,
      retryOf: req.retryOf ?? null,
    });
    await tx.audit.append(
      auditInput(who, 'training.requested', `training:${run.id}`, {
        model: model.name,
        fromVersion: run.fromVersion,
        reason: run.reason,
        trigger: run.triggerKind,
        alertId: run.alertId,
        requiredApprovals: cfg.approvals,
        pipeline: summary,
        retryOf: run.retryOf,
      }),
      now,
    );
    if (approvedNow) await tx.audit.append(auditInput(who, 'training.approved', `training:${run.id}`, { automatic: true, why: 'the training policy needs no approval' }), now);
    tx.emit({ type: 'training.requested', ...trainingRef(run), actor: who.actor, awaitingApproval: !approvedNow });
    if (approvedNow) tx.emit({ type: 'training.approved', ...trainingRef(run), actor: who.actor });
    return ok(run);
  });
}
