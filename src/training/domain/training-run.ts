/**
 * A training run: one request to retrain a model through its pipeline, from the click (or the
 * command, or an automatic trigger on an alert) to the version the pipeline registers.
 *
 * States: awaiting_approval (a policy needs approvals) -> requested | rejected; requested -> running
 * (the pipeline was called) -> registered (`register … --trigger <id>`) | failed. A failed run is
 * retried as a new run. At most one open run per model.
 */
export const TRAINING_STATUSES = ['awaiting_approval', 'requested', 'running', 'registered', 'failed', 'rejected'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const OPEN_TRAINING_STATUSES: readonly TrainingStatus[] = ['awaiting_approval', 'requested', 'running'];

/** What started it: someone's request, a [Retrain] click on an alert, or Steward on an alert (auto). */
export type TrainingTriggerKind = 'request' | 'alert' | 'auto';

export interface TrainingChannel {
  readonly platform: string;
  readonly channelId: string;
  readonly threadId?: string;
}

export interface TrainingRun {
  readonly id: number;
  readonly modelId: number;
  readonly modelName: string;
  /** the version it retrains (the latest registered when requested); null for a model without versions */
  readonly fromVersion: number | null;
  readonly status: TrainingStatus;
  /** why: typed by the requester, or the alert's headline */
  readonly reason: string;
  readonly triggerKind: TrainingTriggerKind;
  readonly alertId: number | null;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly requiredApprovals: number;
  readonly approvedBy: readonly string[];
  /** the pipeline, as the card shows it: "GitHub Actions retrain.yml on acme/ml@main" */
  readonly pipeline: string;
  readonly attempts: number;
  readonly targetRef: string | null;
  readonly targetUrl: string | null;
  /** the last thing the pipeline said, or why it failed or was rejected */
  readonly message: string | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly deadlineAt: Date | null;
  readonly leaseOwner: string | null;
  readonly leaseUntil: Date | null;
  /** the version the pipeline registered */
  readonly registeredVersion: number | null;
  readonly requestChannel: TrainingChannel | null;
  /** the failed run this one retries */
  readonly retryOf: number | null;
}

/** "retrained from v6 because drift alert #3: 40% of features drifted" — the version's lineage line. */
export function lineageText(r: Pick<TrainingRun, 'fromVersion' | 'reason' | 'id'>): string {
  return `retrained from ${r.fromVersion === null ? 'scratch' : `v${r.fromVersion}`} because ${r.reason} (training run #${r.id})`;
}

/** The event and card names a run is known by. */
export const trainingRef = (r: Pick<TrainingRun, 'id' | 'modelName'>) => ({ runId: r.id, model: r.modelName });
