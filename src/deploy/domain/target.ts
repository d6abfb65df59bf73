/**
 * Deploy targets behind one port (webhook, GitHub Actions, MLflow alias, and the built-in `record`
 * target used when none is configured). The executor owns the state machine, locks, leases,
 * retries' deadline and chat progress; a target only talks to its system.
 */
export interface DeployJob {
  readonly deploymentId: number;
  readonly model: string;
  readonly version: number;
  readonly artifactUri: string;
  readonly sha256: string | null;
  readonly environment: string;
  readonly requestedBy: string;
  readonly approvedBy: readonly string[];
  readonly rollback: boolean;
}

/** What the approval card shows before anyone approves: the dry run. */
export interface TargetPlan {
  /** e.g. "webhook POST https://deploy.internal/steward" */
  readonly summary: string;
  /** one line per effect, e.g. "set alias production of fraud-detector to MLflow version 12" */
  readonly steps: readonly string[];
}

/** Where a started deployment can be followed (a run id, a URL). Persisted, so another process can resume. */
export interface TargetRef {
  readonly id: string;
  readonly url?: string;
}

export type TargetOutcome =
  /** finished successfully */
  | { readonly state: 'succeeded'; readonly message?: string; readonly ref?: TargetRef }
  /** started; finish comes later (poll, or a signed callback) */
  | { readonly state: 'running'; readonly ref: TargetRef; readonly message?: string }
  /** failed for good (4xx, a failed run): not retried */
  | { readonly state: 'failed'; readonly message: string; readonly ref?: TargetRef }
  /** transient trouble (5xx, timeout, connection refused): the caller may retry within its deadline */
  | { readonly state: 'retry'; readonly message: string };

export interface DeployTarget {
  readonly kind: string;
  plan(job: Omit<DeployJob, 'deploymentId' | 'approvedBy'>): Promise<TargetPlan>;
  /** Start (or, being idempotent by deployment id, re-start) the deployment. */
  start(job: DeployJob): Promise<TargetOutcome>;
  /** Follow a started deployment. Targets that finish by callback answer `running` until it arrives. */
  check(job: DeployJob, ref: TargetRef): Promise<TargetOutcome>;
}
