import { createHash } from 'node:crypto';
import { type AuditEvent, GENESIS_HASH } from '../../src/governance/domain/audit-event.js';
import { chainHash } from '../../src/governance/domain/hash-chain.js';
import type { Decision, Deployment, EnvironmentLock } from '../../src/deploy/domain/deployment.js';
import type { Model, ModelVersion } from '../../src/registry/domain/model.js';
import type { Result } from '../../src/core/result.js';
import type { CardMessage, Repos, Store, StewardInstance, Tx } from '../../src/ports/store.js';
import { OPEN_TRAINING_STATUSES, type TrainingRun } from '../../src/training/domain/training-run.js';
import { emptyMonitoringState, type MonitoringState, monitoringRepos } from './in-memory-monitoring.js';
import { emptyProfilesState, type ProfilesState, profileRepos } from './in-memory-profiles.js';
import { emptySchedulingState, type SchedulingState, schedulingRepos } from './in-memory-scheduling.js';
import { emptyMirrorState, type MirrorState, mirrorRepos } from './in-memory-mirror.js';
import { type DeliveriesState, deliveryRepos } from './in-memory-deliveries.js';
import { emptyPendingCommandsState, type PendingCommandsState, pendingCommandRepos } from './in-memory-pending-commands.js';

interface State {
  models: Model[];
  versions: Omit<ModelVersion, 'modelName'>[];
  deployments: Omit<Deployment, 'modelName' | 'version'>[];
  audit: AuditEvent[];
  head: { seq: number; hash: string } | null;
  cards: { kind: string; id: string; msg: CardMessage }[];
  decisions: Decision[];
  locks: EnvironmentLock[];
  outbox: { id: number; event: Record<string, unknown>; createdAt: Date; claimedBy: string | null; claimedUntil: Date | null }[];
  monitoring: MonitoringState;
  profiles: ProfilesState;
  scheduling: SchedulingState;
  pending: PendingCommandsState;
  instances: StewardInstance[];
  trainingRuns: Omit<TrainingRun, 'modelName'>[];
  mirror: MirrorState;
  deliveries: DeliveriesState[];
  /** inbound request keys and when each expires */
  inbound: Map<string, number>;
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const clone = <T>(v: T): T => structuredClone(v);

/**
 * The Store port in memory, for unit tests of use cases and commands. Transactions run one at a
 * time and roll back (restore a snapshot) when the callback returns an error or throws. The same
 * contract tests run against this and the real databases, so it cannot drift from them.
 */
export class InMemoryStore implements Store {
  private s: State = { models: [], versions: [], deployments: [], audit: [], head: null, cards: [], decisions: [], locks: [], outbox: [], monitoring: emptyMonitoringState(), profiles: emptyProfilesState(), scheduling: emptySchedulingState(), pending: emptyPendingCommandsState(), instances: [], trainingRuns: [], mirror: emptyMirrorState(), deliveries: [], inbound: new Map() };
  private queue: Promise<unknown> = Promise.resolve();
  readonly read: Repos;

  constructor() {
    this.read = this.repos(false);
  }

  transaction<T>(fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
    const run = async () => {
      const snapshot = clone(this.s);
      try {
        // events are dropped here, as by the real stores: the composition carries them out
        const r = await fn({ ...this.repos(true), emit: () => {} });
        if (!r.ok) this.s = snapshot;
        return r;
      } catch (e) {
        this.s = snapshot;
        throw e;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  /** Test hook: the raw audit rows (to tamper with). */
  auditRows(): AuditEvent[] {
    return this.s.audit;
  }

  private repos(inTx: boolean): Repos {
    const s = () => this.s;
    const modelName = (id: number) => s().models.find((m) => m.id === id)!.name;
    const fullVersion = (v: Omit<ModelVersion, 'modelName'>): ModelVersion => clone({ ...v, modelName: modelName(v.modelId) });
    const fullDeployment = (d: Omit<Deployment, 'modelName' | 'version'>): Deployment =>
      clone({ ...d, modelName: modelName(d.modelId), version: s().versions.find((v) => v.id === d.versionId)!.version });
    return {
      ...monitoringRepos(() => s().monitoring),
      ...profileRepos(() => s().profiles, () => s().monitoring.predictions),
      ...schedulingRepos(() => s().scheduling),
      ...pendingCommandRepos(() => s().pending),
      ...mirrorRepos(() => s().mirror, () => s()),
      ...deliveryRepos(() => s().deliveries),
      inbound: {
        async first(key, now, until) {
          const seen = s().inbound.get(key);
          if (seen !== undefined && seen >= now.getTime()) return false;
          s().inbound.set(key, until.getTime());
          return true;
        },
      },
      models: {
        async create(m) {
          if (s().models.some((x) => x.name === m.name)) return null;
          const row: Model = { id: s().models.length + 1, name: m.name, description: m.description ?? '', ownerTeam: m.ownerTeam ?? null, tags: m.tags ?? [], latestVersion: 0, createdBy: m.createdBy, createdAt: m.createdAt };
          s().models.push(row);
          return clone(row);
        },
        byName: async (name) => clone(s().models.find((m) => m.name === name) ?? null),
        byNameForUpdate: async (name) => clone(s().models.find((m) => m.name === name) ?? null),
        list: async () => clone([...s().models].sort((a, b) => a.name.localeCompare(b.name))),
        names: async () => s().models.map((m) => m.name).sort(),
        async nextVersion(id) {
          const i = s().models.findIndex((m) => m.id === id);
          const m = s().models[i]!;
          s().models[i] = { ...m, latestVersion: m.latestVersion + 1 };
          return m.latestVersion + 1;
        },
      },
      versions: {
        async create(n) {
          if (s().versions.some((v) => v.modelId === n.modelId && (v.version === n.version || (n.sha256 && v.sha256 === n.sha256)))) throw new Error('unique violation');
          const row = {
            id: s().versions.length + 1,
            modelId: n.modelId,
            version: n.version,
            artifactUri: n.artifactUri,
            sha256: n.sha256 ?? null,
            framework: n.framework ?? null,
            metrics: n.metrics ?? {},
            params: n.params ?? {},
            datasetUri: n.datasetUri ?? null,
            datasetSha256: n.datasetSha256 ?? null,
            codeCommit: n.codeCommit ?? null,
            card: n.card ?? {},
            evaluation: n.evaluation ?? {},
            trainingRunId: n.trainingRunId ?? null,
            createdBy: n.createdBy,
            createdAt: n.createdAt,
          };
          s().versions.push(clone(row));
          return fullVersion(row);
        },
        get: async (modelId, version) => {
          const v = s().versions.find((x) => x.modelId === modelId && x.version === version);
          return v ? fullVersion(v) : null;
        },
        byId: async (id) => {
          const v = s().versions.find((x) => x.id === id);
          return v ? fullVersion(v) : null;
        },
        bySha256: async (modelId, sha) => {
          const v = s().versions.find((x) => x.modelId === modelId && x.sha256 === sha);
          return v ? fullVersion(v) : null;
        },
        list: async (modelId, limit = 1000) =>
          s()
            .versions.filter((v) => v.modelId === modelId)
            .sort((a, b) => b.version - a.version)
            .slice(0, limit)
            .map(fullVersion),
      },
      deployments: {
        async create(n) {
          const row = {
            id: s().deployments.length + 1,
            modelId: n.modelId,
            versionId: n.versionId,
            environment: n.environment,
            kind: n.kind,
            status: n.status,
            requestedBy: n.requestedBy,
            requestedAt: n.requestedAt,
            approvedBy: n.approvedBy ?? [],
            target: n.target ?? null,
            startedAt: n.startedAt ?? null,
            finishedAt: n.finishedAt ?? null,
            reason: n.reason ?? null,
            requestReason: n.requestReason ?? null,
            requiredApprovals: n.requiredApprovals ?? 0,
            expiresAt: n.expiresAt ?? null,
            gates: [...(n.gates ?? [])],
            overrideRequestedBy: null,
            overrideReason: null,
            requestChannel: n.requestChannel ?? null,
            rollbackOf: n.rollbackOf ?? null,
            plan: n.plan ? clone(n.plan) : null,
            attempts: 0,
            targetRef: null,
            targetUrl: null,
            deadlineAt: null,
            leaseOwner: null,
            leaseUntil: null,
            postCheck: null,
            postCheckDetail: null,
          };
          s().deployments.push(clone(row));
          return fullDeployment(row);
        },
        byId: async (id) => {
          const d = s().deployments.find((x) => x.id === id);
          return d ? fullDeployment(d) : null;
        },
        history: async (modelId, env, limit = 50) =>
          s()
            .deployments.filter((d) => d.modelId === modelId && (!env || d.environment === env))
            .sort((a, b) => b.id - a.id)
            .slice(0, limit)
            .map(fullDeployment),
        byIdForUpdate: async (id) => {
          const d = s().deployments.find((x) => x.id === id);
          return d ? fullDeployment(d) : null;
        },
        update: async (id, patch) => {
          const i = s().deployments.findIndex((x) => x.id === id);
          s().deployments[i] = clone({ ...s().deployments[i]!, ...patch });
          return fullDeployment(s().deployments[i]!);
        },
        awaitingPostCheck: async () =>
          s()
            .deployments.filter((d) => d.postCheck === 'pending')
            .sort((a, b) => a.id - b.id)
            .map(fullDeployment),
        open: async (f = {}) =>
          s()
            .deployments.filter((d) => (f.statuses ?? ['awaiting_approval', 'approved', 'running']).includes(d.status) && (f.modelId === undefined || d.modelId === f.modelId) && (f.environment === undefined || d.environment === f.environment))
            .sort((a, b) => a.id - b.id)
            .map(fullDeployment),
        liveAt: async (modelId, env, at) => {
          const c = s()
            .deployments.filter((d) => d.modelId === modelId && d.environment === env && d.status === 'succeeded' && d.finishedAt && (!at || d.finishedAt.getTime() <= at.getTime()))
            .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime() || b.id - a.id);
          return c[0] ? fullDeployment(c[0]) : null;
        },
      },
      audit: {
        async append(input, at) {
          if (!inTx) throw new Error('audit.append must run inside store.transaction');
          const prevHash = s().head?.hash ?? GENESIS_HASH;
          const seq = (s().head?.seq ?? 0) + 1;
          const e = { seq, at: new Date(at.getTime()), prevHash, ...input, details: JSON.parse(JSON.stringify(input.details)) };
          const ev: AuditEvent = { ...e, hash: chainHash(e, sha256Hex) };
          s().audit.push(ev);
          s().head = { seq, hash: ev.hash };
          return clone(ev);
        },
        recent: async (q) =>
          clone(
            s()
              .audit.filter((e) => (!q.target || e.target === q.target) && (!q.targetPrefix || e.target.startsWith(q.targetPrefix)) && (!q.since || e.at >= q.since))
              .sort((a, b) => b.seq - a.seq)
              .slice(0, q.limit ?? 20),
          ),
        scan: async (after, limit) => clone(s().audit.filter((e) => e.seq > after).slice(0, limit)),
        head: async () => clone(s().head),
      },
      outbox: {
        async enqueue(event, at) {
          s().outbox.push(clone({ id: (s().outbox.at(-1)?.id ?? 0) + 1, event: event as unknown as Record<string, unknown>, createdAt: at, claimedBy: null, claimedUntil: null }));
        },
        async claim(owner, now, until, limit) {
          const free = s().outbox.filter((o) => !o.claimedUntil || o.claimedUntil < now).slice(0, limit);
          for (const o of free) Object.assign(o, { claimedBy: owner, claimedUntil: until });
          return clone(free.map((o) => ({ id: o.id, event: o.event, createdAt: o.createdAt })));
        },
        async remove(id, owner) {
          const i = s().outbox.findIndex((o) => o.id === id && o.claimedBy === owner);
          if (i >= 0) s().outbox.splice(i, 1);
        },
        depth: async () => ({ count: s().outbox.length, oldest: s().outbox[0]?.createdAt ?? null }),
      },
      trainingRuns: {
        async create(n) {
          const open = OPEN_TRAINING_STATUSES.includes(n.status);
          if (open && s().trainingRuns.some((r) => r.modelId === n.modelId && OPEN_TRAINING_STATUSES.includes(r.status))) throw new Error('unique violation: training_runs_one_open_uq');
          const row: Omit<TrainingRun, 'modelName'> = {
            id: s().trainingRuns.length + 1,
            modelId: n.modelId,
            fromVersion: n.fromVersion,
            status: n.status,
            reason: n.reason,
            triggerKind: n.triggerKind,
            alertId: n.alertId ?? null,
            requestedBy: n.requestedBy,
            requestedAt: n.requestedAt,
            requiredApprovals: n.requiredApprovals,
            approvedBy: [],
            pipeline: n.pipeline,
            attempts: 0,
            targetRef: null,
            targetUrl: null,
            message: null,
            startedAt: null,
            finishedAt: null,
            deadlineAt: null,
            leaseOwner: null,
            leaseUntil: null,
            registeredVersion: null,
            requestChannel: n.requestChannel ?? null,
            retryOf: n.retryOf ?? null,
          };
          s().trainingRuns.push(clone(row));
          return clone({ ...row, modelName: modelName(row.modelId) });
        },
        byId: async (id) => {
          const r = s().trainingRuns.find((x) => x.id === id);
          return r ? clone({ ...r, modelName: modelName(r.modelId) }) : null;
        },
        byIdForUpdate: async (id) => {
          const r = s().trainingRuns.find((x) => x.id === id);
          return r ? clone({ ...r, modelName: modelName(r.modelId) }) : null;
        },
        update: async (id, patch) => {
          const i = s().trainingRuns.findIndex((x) => x.id === id);
          s().trainingRuns[i] = clone({ ...s().trainingRuns[i]!, ...patch });
          return clone({ ...s().trainingRuns[i]!, modelName: modelName(s().trainingRuns[i]!.modelId) });
        },
        open: async (modelId) =>
          s()
            .trainingRuns.filter((r) => OPEN_TRAINING_STATUSES.includes(r.status) && (modelId === undefined || r.modelId === modelId))
            .sort((a, b) => a.id - b.id)
            .map((r) => clone({ ...r, modelName: modelName(r.modelId) })),
        recent: async (modelId, limit = 20) =>
          s()
            .trainingRuns.filter((r) => r.modelId === modelId)
            .sort((a, b) => b.id - a.id)
            .slice(0, limit)
            .map((r) => clone({ ...r, modelName: modelName(r.modelId) })),
      },
      instances: {
        async beat(i, at) {
          const row = s().instances.find((x) => x.id === i.id);
          if (row) Object.assign(row, { seenAt: at });
          else s().instances.push(clone({ ...i, seenAt: at }));
        },
        async remove(id) {
          s().instances = s().instances.filter((x) => x.id !== id);
        },
        seenSince: async (since) => clone(s().instances.filter((x) => x.seenAt >= since).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())),
        async prune(before) {
          const n = s().instances.length;
          s().instances = s().instances.filter((x) => x.seenAt >= before);
          return n - s().instances.length;
        },
      },
      locks: {
        async lock(l) {
          if (s().locks.some((x) => x.modelId === l.modelId && x.environment === l.environment)) return null;
          s().locks.push(clone(l));
          return clone(l);
        },
        async unlock(modelId, env) {
          const i = s().locks.findIndex((x) => x.modelId === modelId && x.environment === env);
          return i < 0 ? null : clone(s().locks.splice(i, 1)[0]!);
        },
        get: async (modelId, env) => clone(s().locks.find((x) => x.modelId === modelId && x.environment === env) ?? null),
      },
      decisions: {
        async add(d) {
          if (s().decisions.some((x) => x.deploymentId === d.deploymentId && x.actor === d.actor)) return false;
          s().decisions.push(clone(d));
          return true;
        },
        list: async (id) => clone(s().decisions.filter((x) => x.deploymentId === id)),
      },
      cards: {
        async track(kind, id, msg) {
          if (!s().cards.some((c) => c.msg.platform === msg.platform && c.msg.channelId === msg.channelId && c.msg.messageId === msg.messageId)) s().cards.push(clone({ kind, id, msg }));
        },
        messages: async (kind, id) => clone(s().cards.filter((c) => c.kind === kind && c.id === id).map((c) => c.msg)),
      },
    };
  }
}
