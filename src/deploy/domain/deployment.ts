import type { GateResult } from '../../governance/domain/gates.js';

/**
 * A deployment row is the whole life of one change to an environment: request, decisions, run.
 * History is never overwritten, so "what was live at time T and who put it there" is a query.
 *
 * States: a request is created (audited as deploy.requested) straight into awaiting_approval — or
 * approved when the policy needs no approval — then approved | rejected | expired; approved ->
 * running -> succeeded | failed. A rollback is a new deployment of an earlier version.
 */
export const DEPLOYMENT_STATUSES = ['awaiting_approval', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export type DeploymentKind = 'deploy' | 'rollback';

export interface RequestChannel {
  readonly platform: string;
  readonly channelId: string;
  readonly threadId?: string;
}

export interface Deployment {
  readonly id: number;
  readonly modelId: number;
  readonly modelName: string;
  readonly versionId: number;
  readonly version: number;
  readonly environment: string;
  readonly kind: DeploymentKind;
  readonly status: DeploymentStatus;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly approvedBy: readonly string[];
  readonly target: string | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** why it failed, was rejected or cancelled */
  readonly reason: string | null;
  readonly requestReason: string | null;
  readonly requiredApprovals: number;
  readonly expiresAt: Date | null;
  readonly gates: readonly GateResult[];
  readonly overrideRequestedBy: string | null;
  readonly overrideReason: string | null;
  readonly requestChannel: RequestChannel | null;
  /** for a rollback: the deployment it undoes */
  readonly rollbackOf: number | null;
  /** the target's dry run, computed when requested */
  readonly plan: { readonly summary: string; readonly steps: readonly string[] } | null;
  /** calls made to the target, retries included */
  readonly attempts: number;
  readonly targetRef: string | null;
  readonly targetUrl: string | null;
  readonly deadlineAt: Date | null;
  readonly leaseOwner: string | null;
  readonly leaseUntil: Date | null;
  /** the check on the first logged predictions after success */
  readonly postCheck: PostCheckStatus | null;
  readonly postCheckDetail: string | null;
}

export type PostCheckStatus = 'pending' | 'passed' | 'failed' | 'inconclusive';

/** A manual lock of a model in an environment. */
export interface EnvironmentLock {
  readonly modelId: number;
  readonly environment: string;
  readonly lockedBy: string;
  readonly reason: string;
  readonly lockedAt: Date;
}

export type DecisionKind = 'approve' | 'reject' | 'override';

export interface Decision {
  readonly deploymentId: number;
  readonly actor: string;
  readonly kind: DecisionKind;
  readonly reason: string | null;
  readonly at: Date;
}

export const TERMINAL: ReadonlySet<DeploymentStatus> = new Set(['rejected', 'expired', 'succeeded', 'failed', 'cancelled']);

const NEXT: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  awaiting_approval: ['approved', 'rejected', 'expired', 'cancelled'],
  approved: ['running', 'cancelled', 'failed'],
  running: ['succeeded', 'failed'],
  rejected: [],
  expired: [],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/** The state machine: is `from -> to` a legal transition? */
export const canTransition = (from: DeploymentStatus, to: DeploymentStatus): boolean => NEXT[from].includes(to);

/** The part of a domain event that names a deployment (src/core/events.ts). */
export const eventRef = (d: Pick<Deployment, 'id' | 'modelName' | 'version' | 'environment'>) => ({ deploymentId: d.id, model: d.modelName, version: d.version, environment: d.environment });
