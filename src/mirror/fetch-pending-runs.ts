import type { Clock } from '../core/clock.js';
import { ok } from '../core/result.js';
import { auditInput, SYSTEM_WHO } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import type { RegistrySource } from './domain/registry-source.js';
import { finiteMetrics } from './mirror-version.js';

/**
 * The metrics and parameters of mirrored versions whose run MLflow did not give when they were
 * recorded (it was down): asked again, merged into the version once it answers (audited). Returns
 * how many were filled in; those MLflow still does not answer for stay pending for the next pass.
 */
export async function fetchPendingRuns(deps: { store: Store; clock: Clock; source: RegistrySource }, limit = 20): Promise<number> {
  let filled = 0;
  for (const v of await deps.store.read.mirror.pendingRuns(limit)) {
    if (!v.runId) continue;
    const r = await deps.source.run(v.runId);
    if (!r.ok) continue;
    const metrics = r.value ? finiteMetrics(r.value.metrics) : {};
    const params = r.value ? r.value.params : {};
    const now = deps.clock.now();
    await deps.store.transaction(async (tx) => {
      await tx.mirror.setRunFacts(v.versionId, metrics, params);
      await tx.audit.append(auditInput(SYSTEM_WHO, 'mlflow.run_fetched', `model:${v.modelName}`, { version: v.version, runId: v.runId, metrics, found: r.value !== null }), now);
      return ok(null);
    });
    filled++;
  }
  return filled;
}
