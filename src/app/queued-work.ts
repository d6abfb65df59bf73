import type { Repos, Store } from '../ports/store.js';
import type { LeftWork } from './effects.js';

/** Work a one-shot process leaves for a running Steward: it cannot do it itself. */
export type QueuedWork = LeftWork | { kind: 'report'; scheduleId: number | null };

/**
 * What a one-shot process (a CLI command, `steward chat`) queued during one command: approved
 * deployments and messages for subscribed channels (its events, written to the outbox: `note`),
 * requested runs of schedules (the run ledger, watched by `observe`). Only what committed is
 * recorded. `take()` returns it and starts afresh.
 */
export class QueuedWorkLog {
  private items: QueuedWork[] = [];
  private pending: QueuedWork[] = [];

  /** Heard while a transaction commits its events to the outbox (see effectsViaOutbox). */
  note = (w: LeftWork): void => void this.pending.push(w);

  /** The store, watching the run ledger for requested reports; what `note` heard counts once its transaction committed. */
  observe(store: Store): Store {
    return {
      read: watch(store.read, (w) => this.items.push(w)),
      transaction: async (fn) => {
        const runs: QueuedWork[] = [];
        this.pending = [];
        const r = await store.transaction((tx) => fn(watch(tx, (w) => runs.push(w))));
        if (r.ok) this.items.push(...this.pending, ...runs);
        this.pending = [];
        return r;
      },
    };
  }

  take(): QueuedWork[] {
    return this.items.splice(0);
  }
}

function watch<R extends Repos>(tx: R, note: (w: QueuedWork) => void): R {
  return {
    ...tx,
    runs: {
      ...tx.runs,
      enqueue: async (c: Parameters<Repos['runs']['enqueue']>[0]) => {
        const run = await tx.runs.enqueue(c);
        if (run) note({ kind: 'report', scheduleId: c.scheduleId });
        return run;
      },
    },
  };
}

/** The line that says plainly that nobody will do the queued work until a Steward runs. */
export function nobodyWillRunIt(work: readonly QueuedWork[]): string {
  const deployments = [...new Set(work.flatMap((w) => (w.kind === 'deployment' ? [`#${w.id}`] : [])))];
  const reports = work.filter((w) => w.kind === 'report');
  const schedules = [...new Set(reports.flatMap((w) => (w.scheduleId === null ? [] : [`#${w.scheduleId}`])))];
  const messages = work.filter((w) => w.kind === 'message').length;
  const trainings = [...new Set(work.flatMap((w) => (w.kind === 'training' ? [`#${w.id}`] : [])))];
  const parts: string[] = [];
  if (trainings.length) parts.push(trainings.length === 1 ? `training run ${trainings[0]} waits to call its pipeline` : `training runs ${and(trainings)} wait to call their pipelines`);
  if (deployments.length) parts.push(deployments.length === 1 ? `deployment ${deployments[0]} stays approved` : `deployments ${and(deployments)} stay approved`);
  if (reports.length) parts.push(schedules.length > 1 ? `the reports of schedules ${and(schedules)} are not posted` : schedules.length ? `the report of schedule ${schedules[0]} is not posted` : 'the requested report is not posted');
  if (messages) parts.push(messages === 1 ? 'the message to subscribed channels is not posted' : `${messages} messages to subscribed channels are not posted`);
  const lapse = reports.length ? ' (a requested report lapses after an hour)' : '';
  return `No running Steward is connected to this database: ${and(parts)} until you run \`steward start\`${lapse}.`;
}

const and = (xs: readonly string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
