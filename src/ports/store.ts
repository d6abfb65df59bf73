import type { AuditEvent, AuditInput } from '../governance/domain/audit-event.js';
import type { Decision, Deployment, DeploymentKind, DeploymentStatus, EnvironmentLock, PostCheckStatus, RequestChannel } from '../deploy/domain/deployment.js';
import type { GateResult } from '../governance/domain/gates.js';
import type { Model, ModelVersion, NewModel, NewVersion } from '../registry/domain/model.js';
import type { MessageRef } from '../core/platform.js';
import type { Result } from '../core/result.js';
import type { DomainEvent, EventSink } from '../core/events.js';
import type { PredictionRepo, ProfileRepo, ReferenceRepo, TokenRepo } from '../monitoring/domain/monitoring-store.js';
import type { AlertRepo, RunLedgerRepo, SubscriptionRepo } from '../scheduling/domain/records.js';
import type { ScheduleRepo } from '../scheduling/domain/schedule-repo.js';
import type { PendingCommandRepo } from '../llm/domain/pending-command.js';
import type { MirrorRepo } from '../mirror/domain/mirror-store.js';
import type { TrainingChannel, TrainingRun, TrainingStatus, TrainingTriggerKind } from '../training/domain/training-run.js';

/**
 * The storage port. Use cases get `Repos` either outside a transaction (`store.read`) or inside one
 * (`store.transaction`). Implementations: drizzle on PostgreSQL or PGlite (src/db) and an in-memory
 * fake (test/fakes). A transaction whose callback returns an error result is rolled back.
 */
export interface Store {
  readonly read: Repos;
  transaction<T>(fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>>;
}

/** Inside a transaction: the repositories, and where the use case records its domain events. */
export interface Tx extends Repos, EventSink {}

/**
 * What a store does with the events of a transaction: `beforeCommit` runs inside it (a one-shot
 * process writes them to the outbox there, atomically with the change); `afterCommit` runs once it
 * committed (a running Steward carries them out). Neither runs when the transaction rolls back.
 */
export interface CommitHooks {
  beforeCommit?(tx: Repos, events: readonly DomainEvent[]): Promise<void>;
  afterCommit?(events: readonly DomainEvent[]): Promise<void>;
}

export interface Repos {
  readonly models: ModelRepo;
  readonly versions: VersionRepo;
  readonly deployments: DeploymentRepo;
  readonly audit: AuditRepo;
  readonly cards: CardRepo;
  readonly decisions: DecisionRepo;
  readonly locks: LockRepo;
  readonly outbox: OutboxRepo;
  /** chat messages the platform failed to take, kept until a retry delivers them */
  readonly deliveries: ChatDeliveryRepo;
  readonly tokens: TokenRepo;
  /** signed inbound requests already taken (replays refused on every replica) */
  readonly inbound: InboundRequestRepo;
  readonly predictions: PredictionRepo;
  readonly references: ReferenceRepo;
  /** mergeable profiles of the logged predictions, per version, environment and hour */
  readonly profiles: ProfileRepo;
  readonly schedules: ScheduleRepo;
  readonly runs: RunLedgerRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly alerts: AlertRepo;
  /** natural-language commands waiting for their asker's [Confirm] */
  readonly pendingCommands: PendingCommandRepo;
  /** running Steward servers and when each was last seen (the heartbeat) */
  readonly instances: InstanceRepo;
  /** retrains: from the request to the version the pipeline registers */
  readonly trainingRuns: TrainingRunRepo;
  /** the MLflow registry Steward mirrors: linked models and versions, alias positions, deliveries */
  readonly mirror: MirrorRepo;
}

/** A posted copy of a live card. */
export type CardMessage = MessageRef;

export interface CardRepo {
  /** Remember where a card was posted (idempotent per message). */
  track(kind: string, id: string, msg: CardMessage, at: Date): Promise<void>;
  messages(kind: string, id: string): Promise<CardMessage[]>;
}

export interface ModelRepo {
  /** Creates the model; null when the name is taken. */
  create(m: NewModel & { createdBy: string; createdAt: Date }): Promise<Model | null>;
  byName(name: string): Promise<Model | null>;
  /** Locks the model row for the rest of the transaction. */
  byNameForUpdate(name: string): Promise<Model | null>;
  list(): Promise<Model[]>;
  names(): Promise<string[]>;
  /** Increments and returns the model's version counter (inside a transaction: a row lock). */
  nextVersion(modelId: number): Promise<number>;
}

export interface VersionRepo {
  create(v: NewVersion & { modelId: number; version: number; createdBy: string; createdAt: Date }): Promise<ModelVersion>;
  get(modelId: number, version: number): Promise<ModelVersion | null>;
  byId(id: number): Promise<ModelVersion | null>;
  bySha256(modelId: number, sha256: string): Promise<ModelVersion | null>;
  /** Newest first. */
  list(modelId: number, limit?: number): Promise<ModelVersion[]>;
}

export interface NewDeployment {
  modelId: number;
  versionId: number;
  environment: string;
  kind: DeploymentKind;
  status: DeploymentStatus;
  requestedBy: string;
  requestedAt: Date;
  approvedBy?: string[];
  target?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  reason?: string | null;
  requestReason?: string | null;
  requiredApprovals?: number;
  expiresAt?: Date | null;
  gates?: readonly GateResult[];
  requestChannel?: RequestChannel | null;
  rollbackOf?: number | null;
  plan?: { summary: string; steps: readonly string[] } | null;
}

/** Fields a transition may change. */
export interface DeploymentPatch {
  status?: DeploymentStatus;
  approvedBy?: string[];
  target?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  reason?: string | null;
  overrideRequestedBy?: string | null;
  overrideReason?: string | null;
  attempts?: number;
  targetRef?: string | null;
  targetUrl?: string | null;
  deadlineAt?: Date | null;
  leaseOwner?: string | null;
  leaseUntil?: Date | null;
  postCheck?: PostCheckStatus | null;
  postCheckDetail?: string | null;
}

export interface DeploymentRepo {
  create(d: NewDeployment): Promise<Deployment>;
  byId(id: number): Promise<Deployment | null>;
  /** Newest first; optionally one environment. */
  history(modelId: number, environment?: string, limit?: number): Promise<Deployment[]>;
  /** The last succeeded deployment finished at or before `at` (default: now) — what was live then. */
  liveAt(modelId: number, environment: string, at?: Date): Promise<Deployment | null>;
  /** Locks the row for the rest of the transaction (every decision on a request goes through this). */
  byIdForUpdate(id: number): Promise<Deployment | null>;
  update(id: number, patch: DeploymentPatch): Promise<Deployment>;
  /** Requests and runs not yet finished, oldest first; optionally for one model and environment. */
  open(filter?: { modelId?: number; environment?: string; statuses?: readonly DeploymentStatus[] }): Promise<Deployment[]>;
  /** Succeeded deployments whose check on the first logged predictions is still pending, oldest first. */
  awaitingPostCheck(): Promise<Deployment[]>;
}

export interface OutboxItem {
  readonly id: number;
  readonly event: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}

export interface OutboxRepo {
  /** a domain event for a running Steward to carry out (src/core/events.ts) */
  enqueue(event: DomainEvent, at: Date): Promise<void>;
  /** Take up to `limit` items nobody holds (or whose hold expired) for `owner` until `until`; oldest first. */
  claim(owner: string, now: Date, until: Date, limit: number): Promise<OutboxItem[]>;
  /** Delivered (or given up on): remove it — only if `owner` still holds it. */
  remove(id: number, owner: string): Promise<void>;
  /** How many events wait to be carried out (the outbox depth), and the oldest one's time. */
  depth(): Promise<{ count: number; oldest: Date | null }>;
}

/** Where a kept message goes: a new post to a channel (or thread), or an update of a posted message. */
export type DeliveryTarget =
  | { readonly kind: 'post'; readonly platform: string; readonly channelId: string; readonly threadId: string | null }
  | { readonly kind: 'update'; readonly platform: string; readonly channelId: string; readonly threadId: string | null; readonly messageId: string };

/** A chat message the platform did not take, waiting for a retry. */
export interface ChatDelivery {
  readonly id: number;
  readonly target: DeliveryTarget;
  /** the stored reply (chat/replies/reply-json.ts) */
  readonly reply: Readonly<Record<string, unknown>>;
  /** raised each time a newer content replaces a waiting update */
  readonly revision: number;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly lastError: string | null;
}

export interface ChatDeliveryRepo {
  /**
   * Keep a post (behind earlier posts to the same channel), or the latest content of an update:
   * an update waiting for the same message is replaced (its revision raised), not added.
   */
  keep(target: DeliveryTarget, reply: Readonly<Record<string, unknown>>, at: Date, nextAt: Date, error: string): Promise<void>;
  /** Posts waiting for this channel, or an update waiting for this message: new ones go behind. */
  waiting(target: DeliveryTarget): Promise<boolean>;
  /**
   * Take up to `limit` deliveries that are due and free, for `owner` until `until`: updates, and
   * for each channel only its oldest waiting post (posts to a channel arrive in order).
   */
  claim(owner: string, now: Date, until: Date, limit: number): Promise<ChatDelivery[]>;
  /** Delivered: remove it if `owner` holds it at this revision (else free it: newer content waits). */
  delivered(id: number, owner: string, revision: number): Promise<void>;
  /** Not now: count the attempt, keep the error, free it until `nextAt`. */
  later(id: number, owner: string, nextAt: Date, error: string): Promise<void>;
  /** Given up on (refused, or too old): remove it. */
  drop(id: number, owner: string): Promise<void>;
  /** How many wait, and the oldest one's time. */
  depth(): Promise<{ count: number; oldest: Date | null }>;
}

export interface InboundRequestRepo {
  /**
   * True the first time `key` is seen (on any replica) while an earlier sighting is unexpired;
   * remembered until `until`. Expired keys are forgotten as new ones come.
   */
  first(key: string, now: Date, until: Date): Promise<boolean>;
}

/** A running `steward start`, as its heartbeat shows it. */
export interface StewardInstance {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: Date;
  readonly seenAt: Date;
}

export interface InstanceRepo {
  /** This server is alive at `at`: insert its row, or renew `seenAt`. */
  beat(i: Omit<StewardInstance, 'seenAt'>, at: Date): Promise<void>;
  /** A clean shutdown: forget it. */
  remove(id: string): Promise<void>;
  /** Servers seen at or after `since`, oldest first. */
  seenSince(since: Date): Promise<StewardInstance[]>;
  /** Forgets servers last seen before `before` (they died without a clean shutdown); returns how many. */
  prune(before: Date): Promise<number>;
}

export interface LockRepo {
  /** null when already locked (the existing lock is returned by `get`) */
  lock(l: EnvironmentLock): Promise<EnvironmentLock | null>;
  unlock(modelId: number, environment: string): Promise<EnvironmentLock | null>;
  get(modelId: number, environment: string): Promise<EnvironmentLock | null>;
}

export interface DecisionRepo {
  /** Records one decision; false when this person already decided on this request. */
  add(d: Decision): Promise<boolean>;
  list(deploymentId: number): Promise<Decision[]>;
}

export interface AuditQuery {
  target?: string;
  targetPrefix?: string;
  since?: Date;
  limit?: number;
}

export interface AuditRepo {
  /** Appends one event to the hash chain (serialized across processes). */
  append(e: AuditInput, at: Date): Promise<AuditEvent>;
  /** Newest first. */
  recent(q: AuditQuery): Promise<AuditEvent[]>;
  /** Oldest first, in pages, for verification and export. */
  scan(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  head(): Promise<{ seq: number; hash: string } | null>;
}

export interface NewTrainingRun {
  modelId: number;
  fromVersion: number | null;
  status: TrainingStatus;
  reason: string;
  triggerKind: TrainingTriggerKind;
  alertId?: number | null;
  requestedBy: string;
  requestedAt: Date;
  requiredApprovals: number;
  pipeline: string;
  requestChannel?: TrainingChannel | null;
  retryOf?: number | null;
}

/** Fields a transition may change. */
export interface TrainingRunPatch {
  status?: TrainingStatus;
  approvedBy?: string[];
  attempts?: number;
  targetRef?: string | null;
  targetUrl?: string | null;
  message?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  deadlineAt?: Date | null;
  leaseOwner?: string | null;
  leaseUntil?: Date | null;
  registeredVersion?: number | null;
}

export interface TrainingRunRepo {
  create(r: NewTrainingRun): Promise<TrainingRun>;
  byId(id: number): Promise<TrainingRun | null>;
  /** Locks the row for the rest of the transaction. */
  byIdForUpdate(id: number): Promise<TrainingRun | null>;
  update(id: number, patch: TrainingRunPatch): Promise<TrainingRun>;
  /** Runs not finished (awaiting approval, requested, running), oldest first; optionally one model's. */
  open(modelId?: number): Promise<TrainingRun[]>;
  /** Newest first. */
  recent(modelId: number, limit?: number): Promise<TrainingRun[]>;
}
