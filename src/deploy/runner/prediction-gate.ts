import { type Deployment, eventRef, type PostCheckStatus } from '../domain/deployment.js';
import { evaluateGates, type GateResult, qualityGate } from '../../governance/domain/gates.js';
import { NO_GATES } from '../../governance/domain/policy.js';
import { ok } from '../../core/result.js';
import { auditInput } from '../../governance/audit-who.js';
import { measureBias } from '../../monitoring/measure-bias.js';
import { measureDrift } from '../../monitoring/measure-drift.js';
import { measureQuality } from '../../monitoring/measure-quality.js';
import { qualityEvidence } from '../../monitoring/measured-quality.js';
import { SYSTEM_WHO } from '../claim-deployment.js';
import { type PostDeployPorts, reportFailedCheck, say } from './post-deploy-check.js';

/** Worst value per fairness metric over the sensitive attributes: smallest ratio, largest difference. */
function worstFairness(attrs: readonly Record<string, unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of attrs) {
    for (const [k, v] of Object.entries(a)) {
      if (typeof v !== 'number' || !/(Ratio|Difference)$/.test(k)) continue;
      const worse = k.endsWith('Ratio') ? Math.min : Math.max;
      out[k] = k in out ? worse(out[k]!, v) : v;
    }
  }
  return out;
}

/**
 * Judge each succeeded deployment waiting for its first N logged predictions: once N are there,
 * measure drift (and fairness, when configured) on them with the same statistics as the reports and
 * hold them to the policy's bounds; a failure rolls back on its own. Too little traffic within the
 * window is "inconclusive" — said in the channel, never a rollback. Idempotent across replicas.
 */
export async function checkPredictionGates(deps: PostDeployPorts): Promise<{ id: number; status: PostCheckStatus }[]> {
  const done: { id: number; status: PostCheckStatus }[] = [];
  for (const d of await deps.store.read.deployments.awaitingPostCheck()) {
    const check = deps.config.policies[d.environment]?.postDeploy?.predictions;
    if (!check || !d.finishedAt) continue;
    const now = deps.clock.now();
    const window = { modelId: d.modelId, versionId: d.versionId, environment: d.environment, from: d.finishedAt, to: now };
    const count = await deps.store.read.predictions.count(window);
    let status: PostCheckStatus;
    let detail: string;
    if (count < check.count) {
      if (now.getTime() - d.finishedAt.getTime() < check.withinMs) continue;
      status = 'inconclusive';
      detail = `only ${count} of ${check.count} predictions were logged within ${Math.round(check.withinMs / 3_600_000)}h: not enough traffic to judge`;
    } else {
      const version = (await deps.store.read.versions.byId(d.versionId))!;
      const model = (await deps.store.read.models.byName(d.modelName))!;
      const scope = { model, version, environment: d.environment, from: d.finishedAt, to: now, windowLabel: 'since the deployment' };
      const drift = check.maxDriftShare !== null ? await measureDrift(deps, scope) : null;
      const bias = check.fairness.length ? await measureBias(deps, scope) : null;
      const share = drift?.ok ? (drift.value.drift?.shareDrifted ?? null) : null;
      const fairness = bias?.ok && bias.value.report ? worstFairness(bias.value.report.attributes as unknown as Record<string, unknown>[]) : {};
      const gates: GateResult[] = evaluateGates({ ...NO_GATES, drift: check.maxDriftShare !== null ? { maxShare: check.maxDriftShare } : null, fairness: check.fairness }, { metrics: {}, fairness, driftShare: share, card: {}, live: null });
      let waitingForLabels: { labelled: number } | null = null;
      if (check.quality && gates.every((g) => g.passed)) {
        // Labels arrive late: quality is judged once minLabelled predictions are labelled; until the
        // deadline the check keeps waiting, after it the check is inconclusive (never a rollback).
        const q = await measureQuality(deps, scope);
        const evidence = q.ok ? qualityEvidence(q.value) : null;
        const labelled = evidence?.labelled ?? 0;
        if (labelled >= check.minLabelled) gates.push(qualityGate({ checks: check.quality, minLabelled: check.minLabelled, environment: null }, evidence));
        else waitingForLabels = { labelled };
      }
      const failed = gates.filter((g) => !g.passed);
      const judged = gates.length ? `: ${(failed.length ? failed : gates).map((g) => g.explanation).join('; ')}` : '';
      if (waitingForLabels) {
        const waiting = `${count} predictions${judged}; waiting for labels: ${waitingForLabels.labelled} of the ${check.minLabelled} labelled predictions needed to judge quality`;
        if (now.getTime() - d.finishedAt.getTime() < check.withinMs) {
          if (d.postCheckDetail !== waiting) await noteWaiting(deps, d.id, waiting);
          continue;
        }
        status = 'inconclusive';
        detail = `${count} predictions${judged}; only ${waitingForLabels.labelled} of the ${check.minLabelled} labelled predictions needed to judge quality arrived within ${Math.round(check.withinMs / 3_600_000)}h: not enough labels to judge`;
      } else {
        status = failed.length ? 'failed' : 'passed';
        detail = `${count} predictions${judged}`;
      }
    }
    const claimed = await deps.store.transaction(async (tx) => {
      const cur = await tx.deployments.byIdForUpdate(d.id);
      if (cur?.postCheck !== 'pending') return ok(false);
      tx.emit({ type: 'deployment.updated', ...eventRef(await tx.deployments.update(d.id, { postCheck: status, postCheckDetail: detail })) });
      if (status !== 'failed') await tx.audit.append(auditInput(SYSTEM_WHO, status === 'passed' ? 'deploy.check_passed' : 'deploy.check_inconclusive', `deployment:${d.id}`, { detail }), now);
      return ok(true);
    });
    if (!claimed.ok || !claimed.value) continue;
    done.push({ id: d.id, status });
    const policy = deps.config.policies[d.environment]!.postDeploy!;
    if (status === 'failed') await reportFailedCheck(deps, d, `first predictions: ${detail}`, policy.rollbackOnFailure);
    else if (status === 'inconclusive') await say(deps, d as Deployment, `Post-deploy check inconclusive: ${d.modelName} in ${d.environment}`, 'warning', `${d.modelName} v${d.version}: ${detail}. Nothing was rolled back.`);
  }
  return done;
}

/** The card of a deployment whose check waits for labels says how many arrived (no audit: nothing was decided). */
async function noteWaiting(deps: PostDeployPorts, id: number, detail: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const cur = await tx.deployments.byIdForUpdate(id);
    if (cur?.postCheck !== 'pending' || cur.postCheckDetail === detail) return ok(undefined);
    tx.emit({ type: 'deployment.updated', ...eventRef(await tx.deployments.update(id, { postCheckDetail: detail })) });
    return ok(undefined);
  });
}
