/**
 * A deployment row is the whole life of one change to an environment: request, decisions, run.
 * History is never overwritten, so "what was live at time T and who put it there" is a query.
 */
export const DEPLOYMENT_STATUSES = [
  'awaiting_approval',
  'approved',
  'rejected',
  'expired',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export type DeploymentKind = 'deploy' | 'rollback';

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
  readonly reason: string | null;
}

export const TERMINAL: ReadonlySet<DeploymentStatus> = new Set(['rejected', 'expired', 'succeeded', 'failed', 'cancelled']);
