import type { Logger } from '../chat/command-context.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import type { Repos, Store } from '../ports/store.js';

/** Work a one-shot process leaves for a running Steward: it cannot do it itself. */
export type QueuedWork = { kind: 'deployment'; id: number } | { kind: 'message' } | { kind: 'report'; scheduleId: number | null };

/**
 * What a one-shot process (a CLI command, `steward chat`) queued during one command: approved
 * deployments handed to the executor, events put in the outbox for chat channels, requested runs of
 * schedules. Only what committed is recorded. `take()` returns it and starts afresh.
 */
export class QueuedWorkLog {
  private items: QueuedWork[] = [];

  /** The executor of a process that runs no deploys: the request stays approved for a running Steward. */
  executor(log: Logger): DeployExecutor {
    return {
      submit: async (id) => {
        this.items.push({ kind: 'deployment', id });
        log.info({ deployment: id }, 'approved: a running `steward start` will deploy it');
      },
    };
  }

  /** The store, watching the outbox and the run ledger for work queued through it. */
  observe(store: Store): Store {
    return {
      read: watch(store.read, (w) => this.items.push(w)),
      transaction: async (fn) => {
        const pending: QueuedWork[] = [];
        const r = await store.transaction((tx) => fn(watch(tx, (w) => pending.push(w))));
        if (r.ok) this.items.push(...pending);
        return r;
      },
    };
  }

  take(): QueuedWork[] {
    return this.items.splice(0);
  }
}

function watch(r: Repos, note: (w: QueuedWork) => void): Repos {
  return {
    ...r,
    outbox: {
      ...r.outbox,
      enqueue: async (event, at) => {
        await r.outbox.enqueue(event, at);
        note({ kind: 'message' });
      },
    },
    runs: {
      ...r.runs,
      enqueue: async (c) => {
        const run = await r.runs.enqueue(c);
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
  const parts: string[] = [];
  if (deployments.length) parts.push(deployments.length === 1 ? `deployment ${deployments[0]} stays approved` : `deployments ${and(deployments)} stay approved`);
  if (reports.length) parts.push(schedules.length > 1 ? `the reports of schedules ${and(schedules)} are not posted` : schedules.length ? `the report of schedule ${schedules[0]} is not posted` : 'the requested report is not posted');
  if (messages) parts.push(messages === 1 ? 'the message to subscribed channels is not posted' : `${messages} messages to subscribed channels are not posted`);
  const lapse = reports.length ? ' (a requested report lapses after an hour)' : '';
  return `No running Steward is connected to this database: ${and(parts)} until you run \`steward start\`${lapse}.`;
}

const and = (xs: readonly string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
