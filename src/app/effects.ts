import { cardOf, type DomainEvent } from '../core/events.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import { type AnnouncePorts, announce, subscriptionEventOf } from '../notify/chat/announce.js';
import type { LiveCards } from '../ports/live-cards.js';
import type { CommitHooks, Repos, Store, Tx } from '../ports/store.js';
import type { Clock } from '../core/clock.js';
import type { TrainingExecutor } from '../training/domain/pipeline.js';
import type { Metrics } from '../ports/metrics.js';

/**
 * The one place that reacts to what use cases did. After a transaction commits, its domain events
 * (src/core/events.ts) become effects, in this order: approved deployments and retrains go to
 * their executors (which run them in the background), the live cards they touch are re-rendered and updated
 * wherever they were posted (nothing is rendered when no copy exists), and subscribed channels are
 * told. Nothing in a use case
 * knows who listens.
 */
export interface EffectPorts extends AnnouncePorts {
  readonly cards: LiveCards;
  /** null in a process that runs no deploys (then a running Steward's reconcile picks them up) */
  readonly executor: DeployExecutor | null;
  /** runs approved retrains (null: a process that runs none) */
  readonly training?: TrainingExecutor | null;
  /** anchors the audit log's head outside the database; called after governance decisions */
  readonly anchor?: () => Promise<void>;
  /** counts deployments by outcome and duration */
  readonly metrics?: Pick<Metrics, 'deployment'>;
}

/** Events that record a governance decision: the audit head is anchored after each. */
const DECISIONS: ReadonlySet<DomainEvent['type']> = new Set(['deployment.approved', 'deployment.rejected', 'deployment.finished', 'training.approved', 'registry.out_of_band']);

export type CarryOut = (events: readonly DomainEvent[]) => Promise<void>;

export function carryOut(p: EffectPorts): CarryOut {
  return async (events) => {
    try {
      // the executor first: it only takes the work (it runs in the background), and nothing should wait for it
      if (p.executor) for (const e of events) if (e.type === 'deployment.approved') await p.executor.submit(e.deploymentId);
      if (p.training) for (const e of events) if (e.type === 'training.approved') await p.training.submit(e.runId);
      const cards = new Map(events.map(cardOf).filter((c) => c !== null).map((c) => [`${c.kind}:${c.id}`, c]));
      for (const card of cards.values()) await p.cards.refresh(card);
      for (const e of events) await announce(p, e);
      if (p.metrics) {
        for (const e of events) {
          if (e.type !== 'deployment.finished') continue;
          const d = await p.store.read.deployments.byId(e.deploymentId);
          const seconds = d?.startedAt && d.finishedAt ? (d.finishedAt.getTime() - d.startedAt.getTime()) / 1000 : null;
          p.metrics.deployment(e.environment, e.kind, e.status, seconds);
        }
      }
      if (p.anchor && events.some((e) => DECISIONS.has(e.type))) await p.anchor();
    } catch (err) {
      // the change is committed: an effect that fails is logged, never undoes it or fails the command
      p.log.error({ err, events: events.map((e) => e.type) }, 'carrying out committed events failed');
    }
  };
}

/**
 * The store use cases get: each transaction collects the events its use case emits (`tx.emit`) and,
 * only if it commits, hands them on — to `hooks` when given (a one-shot process's outbox), else to
 * what `connect` is given once the composition has built it (a running Steward's effects).
 */
export function withEffects(inner: Store, hooks?: CommitHooks): { store: Store; connect(carry: CarryOut): void } {
  let connected: CarryOut | null = null;
  const h: CommitHooks = hooks ?? {
    afterCommit: async (events) => {
      if (!connected) throw new Error('events committed before the composition connected their effects');
      await connected(events);
    },
  };
  const store: Store = {
    read: inner.read,
    async transaction(fn) {
      const events: DomainEvent[] = [];
      const r = await inner.transaction(async (tx: Tx) => {
        const out = await fn({ ...tx, emit: (e) => void events.push(e) });
        if (out.ok && events.length && h.beforeCommit) await h.beforeCommit(tx, events);
        return out;
      });
      if (r.ok && events.length && h.afterCommit) await h.afterCommit(events);
      return r;
    },
  };
  return {
    store,
    connect(carry) {
      if (connected) throw new Error('effects are connected once');
      connected = carry;
    },
  };
}

/** What a one-shot process leaves for a running Steward, as it commits (to say so when none runs). */
export type LeftWork = { kind: 'deployment'; id: number } | { kind: 'training'; id: number } | { kind: 'message' };

/**
 * A process that cannot carry out effects (a one-shot CLI command: no chat connection, no
 * executor): its events go to the outbox in the same transaction as the change, and a running
 * Steward carries them out (drainOutbox). `left` hears what will wait for that Steward: approved
 * deployments, and messages for channels that subscribed.
 */
export function effectsViaOutbox(clock: Clock, left: (w: LeftWork) => void = () => {}): CommitHooks {
  return {
    async beforeCommit(tx: Repos, events) {
      for (const e of events) {
        await tx.outbox.enqueue(e, clock.now());
        if (e.type === 'deployment.approved') left({ kind: 'deployment', id: e.deploymentId });
        if (e.type === 'training.approved') left({ kind: 'training', id: e.runId });
        const type = subscriptionEventOf(e);
        if (type && (await tx.subscriptions.matching(e.model, type)).length) left({ kind: 'message' });
      }
    },
  };
}
