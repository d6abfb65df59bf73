/** An append-only, hash-chained record of one state-changing action. */
export const AUDIT_ACTIONS = [
  'model.registered',
  'version.registered',
  'deploy.requested',
  'deploy.approved',
  'deploy.rejected',
  'deploy.expired',
  'deploy.cancelled',
  'deploy.override_requested',
  'deploy.override_approved',
  'deploy.started',
  'deploy.resumed',
  'deploy.succeeded',
  'deploy.failed',
  'deploy.check_failed',
  'deploy.check_passed',
  'deploy.check_inconclusive',
  'deploy.recorded',
  'rollback.requested',
  'lock.acquired',
  'lock.released',
  'config.loaded',
  'config.reloaded',
  'token.created',
  'token.revoked',
  'reference.uploaded',
  'predictions.logged',
  'predictions.erased',
  'predictions.expired',
  'profile.uploaded',
  'labels.attached',
  'schedule.created',
  'schedule.updated',
  'schedule.removed',
  'subscription.created',
  'subscription.removed',
  'alert.acknowledged',
  'training.requested',
  'training.approved',
  'training.rejected',
  'training.started',
  'training.progress',
  'training.failed',
  'training.registered',
  'mlflow.model_linked',
  'mlflow.version_deleted',
  'mlflow.run_fetched',
  'mlflow.alias_imported',
  'mlflow.out_of_band',
  'mlflow.alias_reverted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  readonly actor: string;
  readonly platform: string;
  readonly channel: string | null;
  readonly action: AuditAction;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends AuditInput {
  readonly seq: number;
  readonly at: Date;
  /** the audit key that sealed it (src/governance/domain/audit-keys.ts); null: plain SHA-256 (before keys) */
  readonly keyId?: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
