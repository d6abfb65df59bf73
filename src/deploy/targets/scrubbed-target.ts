import type { DeployTarget, TargetOutcome, TargetRef } from '../domain/target.js';
import type { Scrub } from '../../core/secret-scrub.js';

/**
 * A target whose words pass through the scrubber: every outcome message, ref id and URL, plan line
 * and thrown error leaving it. Upstream services (GitHub, MLflow, a proxy in front of a webhook
 * receiver) sometimes echo the request's Authorization header in an error; what a target says is
 * stored (deployments.reason, the plan, the target ref), shown on the card and written to the
 * append-only audit log, so it is cleaned here, once, before any of that.
 */
export function scrubbedTarget(t: DeployTarget, scrub: Scrub): DeployTarget {
  const ref = (r: TargetRef): TargetRef => ({ id: scrub(r.id), ...(r.url !== undefined ? { url: scrub(r.url) } : {}) });
  const outcome = (o: TargetOutcome): TargetOutcome => {
    switch (o.state) {
      case 'succeeded':
        return { state: 'succeeded', ...(o.message !== undefined ? { message: scrub(o.message) } : {}), ...(o.ref ? { ref: ref(o.ref) } : {}) };
      case 'running':
        return { state: 'running', ref: ref(o.ref), ...(o.message !== undefined ? { message: scrub(o.message) } : {}) };
      case 'failed':
        return { state: 'failed', message: scrub(o.message), ...(o.ref ? { ref: ref(o.ref) } : {}) };
      case 'retry':
        return { state: 'retry', message: scrub(o.message) };
    }
  };
  const guarded = async <T>(f: () => Promise<T>, clean: (v: T) => T): Promise<T> => {
    try {
      return clean(await f());
    } catch (e) {
      throw new Error(scrub(e instanceof Error ? e.message : String(e)));
    }
  };
  return {
    kind: t.kind,
    plan: (job) => guarded(() => t.plan(job), (p) => ({ summary: scrub(p.summary), steps: p.steps.map(scrub) })),
    start: (job) => guarded(() => t.start(job), outcome),
    check: (job, r) => guarded(() => t.check(job, r), outcome),
  };
}
