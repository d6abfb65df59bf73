import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import type { Policy } from '../governance/domain/policy.js';
import type { DeployTarget } from './domain/target.js';
import type { Deployment, DeploymentKind, RequestChannel } from './domain/deployment.js';
import { describeFreeze, activeFreeze } from '../governance/domain/freeze.js';
import { asAdvisory, evaluateGates, gatesPassed } from '../governance/domain/gates.js';
import { shortName } from '../governance/domain/actor.js';
import { err, ok, type Result } from '../core/result.js';
import { busyMessage } from './busy-message.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';

export interface DeploymentRequest {
  readonly model: string;
  readonly version: number;
  readonly environment: string;
  readonly kind: DeploymentKind;
  readonly reason?: string | null;
  readonly channel: RequestChannel | null;
  readonly rollbackOf?: number | null;
  /**
   * Steward itself (automatic rollback after a failed post-deploy check): no approval, no freeze,
   * gates advisory; `reason` says why and is audited as such
   */
  readonly automatic?: boolean;
}

/** How far back a rollback's version is looked for among the environment's deployments (as planRollback does). */
const RESTORE_HISTORY = 500;

export interface RequestOutcome {
  readonly deployment: Deployment;
  /** approved at once (no approval needed) */
  readonly approved: boolean;
  /** open requests an automatic rollback cancelled */
  readonly superseded: readonly number[];
}

/** What requesting a deployment needs: the policies, measured evaluations for the gates, and the target's plan. */
export interface RequestPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: { readonly environments: readonly string[]; readonly policies: Readonly<Record<string, Policy>> };
  readonly evaluations: EvaluationSource;
  readonly targetFor: (environment: string) => DeployTarget;
}

/**
 * Create a deployment request: policy (freeze windows, who needs no approval), gates evaluated and
 * stored with the request (advisory for a rollback to a version that was live before), one open
 * request per model and environment — all in one transaction with its audit events, under a lock on
 * the model row so concurrent requests queue up.
 */
export async function requestDeployment(deps: RequestPorts, who: AuditWho, actorRoles: readonly string[], req: DeploymentRequest): Promise<Result<RequestOutcome>> {
  const policy = deps.config.policies[req.environment];
  if (!policy) return err('bad_input', `\`${req.environment}\` has no policy; environments are ${deps.config.environments.join(', ')}.`);
  const now = deps.clock.now();
  const freeze = activeFreeze(now, policy.freezeWindows);
  if (freeze && !req.automatic && !actorRoles.some((r) => policy.freezeExemptRoles.includes(r))) {
    return err('forbidden', `${req.environment} is frozen now (${describeFreeze(freeze)}); deploys wait until the window ends${policy.freezeExemptRoles.length ? `, or ask someone with the role ${policy.freezeExemptRoles.join(' or ')}` : ''}.`);
  }
  const measured = await deps.evaluations.measured(req.model, req.version, req.environment);
  const qualityGate = policy.gates.quality;
  const quality = qualityGate && deps.evaluations.quality ? await deps.evaluations.quality(req.model, req.version, qualityGate.environment ?? req.environment) : null;
  const planFor = async (artifactUri: string, sha256: string | null) => {
    try {
      const t = deps.targetFor(req.environment);
      const p = await t.plan({ model: req.model, version: req.version, artifactUri, sha256, environment: req.environment, requestedBy: who.actor, rollback: req.kind === 'rollback' });
      return { summary: p.summary, steps: [...p.steps] };
    } catch (e) {
      return { summary: 'the target could not compute a plan', steps: [e instanceof Error ? e.message.split('\n')[0]! : String(e)] };
    }
  };
  const pre = await deps.store.read.models.byName(req.model);
  const preVersion = pre ? await deps.store.read.versions.get(pre.id, req.version) : null;
  const plan = preVersion ? await planFor(preVersion.artifactUri, preVersion.sha256) : null;
  return deps.store.transaction<RequestOutcome>(async (tx) => {
    const model = await tx.models.byNameForUpdate(req.model);
    if (!model) return err('not_found', `There is no model \`${req.model}\`.`);
    const version = await tx.versions.get(model.id, req.version);
    if (!version) return err('not_found', `${model.name} has no version ${req.version}; its versions are 1–${model.latestVersion}.`);
    const gone = (await tx.mirror.version(version.id))?.deletedAt;
    if (gone && req.automatic !== true) return err('conflict', `${model.name} v${version.version} was deleted in MLflow (found ${gone.toISOString().slice(0, 16).replace('T', ' ')} UTC); deploy a version MLflow still has.`);
    const lock = await tx.locks.get(model.id, req.environment);
    if (lock) return err('busy', `${model.name} is locked in ${req.environment} by @${shortName(lock.lockedBy)} since ${lock.lockedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${lock.reason}. Ask them, or \`/mlops unlock ${model.name} ${req.environment}\` when it is safe.`);
    const open = await tx.deployments.open({ modelId: model.id, environment: req.environment });
    // Steward's own rollback restores what was live: a request still waiting (for approval, or for
    // the executor) is superseded by it; one already running is not interrupted.
    const running = open.find((o) => o.status === 'running');
    if (open.length && (req.automatic !== true || running)) return err('busy', busyMessage(running ?? open[0]!, now));
    const live = await tx.deployments.liveAt(model.id, req.environment);
    if (req.kind === 'deploy' && live?.versionId === version.id) {
      return err('conflict', `${model.name} v${version.version} is already live in ${req.environment} (deployment #${live.id}); nothing to deploy.`);
    }
    const liveVersion = live ? await tx.versions.byId(live.versionId) : null;
    const evaluated = evaluateGates(policy.gates, {
      metrics: version.metrics,
      fairness: { ...(version.evaluation.fairness ?? {}), ...(measured.fairness ?? {}) },
      driftShare: measured.driftShare ?? version.evaluation.driftShare ?? null,
      card: version.card,
      live: liveVersion ? { version: liveVersion.version, metrics: liveVersion.metrics } : null,
      quality,
    });
    // A rollback to a version that was live here before is governed by the rollback policy: its
    // gates are recorded for reviewers but do not block it. A "rollback" to a version never live
    // here is a deploy under another name: deploy gates and deploy approval rules.
    const restores = req.kind === 'rollback' && (await tx.deployments.history(model.id, req.environment, RESTORE_HISTORY)).some((x) => x.status === 'succeeded' && x.versionId === version.id);
    const automatic = req.automatic === true;
    const gates = automatic || restores ? asAdvisory(evaluated) : evaluated;
    const noApprovalRole = (restores ? policy.noApproval.rollback : policy.noApproval.deploy).some((r) => actorRoles.includes(r));
    const required = automatic || noApprovalRole ? 0 : policy.approvals;
    const approvedNow = required === 0 && gatesPassed(gates);
    const d = await tx.deployments.create({
      modelId: model.id,
      versionId: version.id,
      environment: req.environment,
      kind: req.kind,
      status: approvedNow ? 'approved' : 'awaiting_approval',
      requestedBy: who.actor,
      requestedAt: now,
      requiredApprovals: required,
      expiresAt: approvedNow ? null : new Date(now.getTime() + policy.expiryMs),
      gates,
      requestReason: req.reason ?? null,
      requestChannel: req.channel,
      rollbackOf: req.rollbackOf ?? null,
      plan,
    });
    await tx.audit.append(
      auditInput(who, req.kind === 'rollback' ? 'rollback.requested' : 'deploy.requested', `deployment:${d.id}`, {
        model: model.name,
        version: version.version,
        environment: req.environment,
        liveVersion: liveVersion?.version ?? null,
        requiredApprovals: required,
        noApprovalRole: noApprovalRole && !automatic,
        automatic,
        ...(req.kind === 'rollback' ? { restoresVersionLiveBefore: restores } : {}),
        gatesAdvisory: automatic || restores,
        gates: gates.map((g) => ({ name: g.name, passed: g.passed, value: g.value })),
        reason: req.reason ?? null,
        rollbackOf: req.rollbackOf ?? null,
        ...(automatic ? { why: req.reason ?? 'automatic rollback' } : {}),
      }),
      now,
    );
    if (approvedNow) {
      await tx.audit.append(auditInput(who, 'deploy.approved', `deployment:${d.id}`, { automatic: true, why: automatic ? (req.reason ?? 'automatic rollback') : required === 0 && policy.approvals > 0 ? 'requester role needs no approval' : 'policy needs no approval', status: 'approved' }), now);
    }
    for (const o of open) {
      const why = `superseded by automatic rollback #${d.id} (${req.reason ?? 'post-deploy check failed'})`;
      await tx.deployments.update(o.id, { status: 'cancelled', finishedAt: now, reason: why });
      await tx.audit.append(auditInput(who, 'deploy.cancelled', `deployment:${o.id}`, { model: model.name, version: o.version, environment: req.environment, was: o.status, supersededBy: d.id, automatic: true }), now);
    }
    const ref = { deploymentId: d.id, model: model.name, version: version.version, environment: req.environment };
    tx.emit({ type: 'deployment.requested', ...ref, actor: who.actor, awaitingApproval: !approvedNow });
    if (approvedNow) tx.emit({ type: 'deployment.approved', ...ref, actor: who.actor });
    for (const o of open) tx.emit({ type: 'deployment.updated', deploymentId: o.id, model: model.name, version: o.version, environment: req.environment });
    return ok({ deployment: d, approved: approvedNow, superseded: open.map((o) => o.id) });
  });
}
