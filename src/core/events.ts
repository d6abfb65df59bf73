/**
 * Domain events: what a use case changed, recorded in the same transaction as the change
 * (`tx.emit`). Plain data — ids and names, no behaviour. After the transaction commits, one
 * dispatcher in the application layer (src/app/effects.ts) turns them into effects: announcements
 * to subscribed channels, live-card refreshes, work for the deploy executor. A process that cannot
 * carry out those effects itself (a one-shot CLI command) writes them to the outbox in the same
 * transaction instead, and a running Steward carries them out.
 */

/** Which deployment an event is about, with the names a reader needs without a lookup. */
interface DeploymentRef {
  readonly deploymentId: number;
  readonly model: string;
  readonly version: number;
  readonly environment: string;
}

export type DomainEvent =
  /** a version was registered */
  | { readonly type: 'version.registered'; readonly model: string; readonly version: number; readonly artifactUri: string; readonly actor: string }
  /** a deployment or rollback was requested; `awaitingApproval` false: approved at once (a `deployment.approved` follows) */
  | (DeploymentRef & { readonly type: 'deployment.requested'; readonly actor: string; readonly awaitingApproval: boolean })
  /** approved (quorum met, or no approval needed): ready for the executor */
  | (DeploymentRef & { readonly type: 'deployment.approved'; readonly actor: string })
  | (DeploymentRef & { readonly type: 'deployment.rejected'; readonly actor: string })
  /** it ended: succeeded or failed */
  | (DeploymentRef & { readonly type: 'deployment.finished'; readonly status: 'succeeded' | 'failed'; readonly kind: 'deploy' | 'rollback' })
  /** anything else its card shows changed: a decision, expiry, cancellation, start, progress, a post-deploy check */
  | (DeploymentRef & { readonly type: 'deployment.updated' })
  /** a retrain was requested; `awaitingApproval` false: a `training.approved` follows */
  | { readonly type: 'training.requested'; readonly runId: number; readonly model: string; readonly actor: string; readonly awaitingApproval: boolean }
  /** ready to call the pipeline */
  | { readonly type: 'training.approved'; readonly runId: number; readonly model: string; readonly actor: string }
  /** it ended: the pipeline registered a version, failed, or approvers rejected it */
  | { readonly type: 'training.finished'; readonly runId: number; readonly model: string; readonly status: 'registered' | 'failed' | 'rejected'; readonly version: number | null }
  /** anything else its card shows changed: a decision, the pipeline started or said something */
  | { readonly type: 'training.updated'; readonly runId: number; readonly model: string }
  /** someone took a drift or bias alert */
  | { readonly type: 'alert.acknowledged'; readonly alertId: number; readonly model: string; readonly actor: string }
  /** an MLflow alias moved outside Steward's approval flow (registry: mlflow); `approved`: the version Steward approved there */
  | { readonly type: 'registry.out_of_band'; readonly model: string; readonly environment: string; readonly alias: string; readonly version: number | null; readonly approved: number | null; readonly action: 'accept' | 'alert' | 'revert'; readonly actor: string }
  /** Steward pointed an alias moved out of band back at the approved version (or could not) */
  | { readonly type: 'registry.reverted'; readonly model: string; readonly environment: string; readonly alias: string; readonly version: number | null; readonly ok: boolean; readonly message: string };

export type DomainEventType = DomainEvent['type'];

/** Where a use case records its events; they take effect only if its transaction commits. */
export interface EventSink {
  emit(event: DomainEvent): void;
}

const TYPES: ReadonlySet<string> = new Set<DomainEventType>(['version.registered', 'deployment.requested', 'deployment.approved', 'deployment.rejected', 'deployment.finished', 'deployment.updated', 'alert.acknowledged', 'training.requested', 'training.approved', 'training.finished', 'training.updated', 'registry.out_of_band', 'registry.reverted']);

/** A stored event read back (the outbox): a DomainEvent, or null when it is not one this version knows. */
export function asDomainEvent(v: unknown): DomainEvent | null {
  return v !== null && typeof v === 'object' && TYPES.has(String((v as { type?: unknown }).type)) ? (v as DomainEvent) : null;
}

/** The live card an event changes, if any: kind and id, as cards are tracked. */
export function cardOf(e: DomainEvent): { readonly kind: 'deployment' | 'alert' | 'training'; readonly id: string } | null {
  if ('deploymentId' in e) return { kind: 'deployment', id: String(e.deploymentId) };
  if ('runId' in e) return { kind: 'training', id: String(e.runId) };
  if (e.type === 'alert.acknowledged') return { kind: 'alert', id: String(e.alertId) };
  return null;
}
