import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodeForOutcome, EXIT } from '../chat/exit-codes.js';
import { systemClock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { awaitDeployment } from '../deploy/await-deployment.js';
import { type DeploymentProgress, firstLine, progressLines } from '../deploy/domain/deployment-progress.js';
import { fmtDuration, parseDuration } from '../scheduling/domain/duration.js';
import type { CliIo } from './cli-io.js';
import { failed } from './cli-runtime.js';

/** `--wait [--timeout 2h]`: the CLI's own options of `deploy` and `rollback` (waiting means nothing in chat). */
export interface WaitRequest {
  /** null: until the deployment ends */
  readonly timeoutSeconds: number | null;
}

export const WAITS_ON = ['deploy', 'rollback'];

/** What `steward help deploy|rollback` adds: the CLI's own options. */
export const WAIT_HELP = [
  'On the CLI (not in chat):',
  '• --wait — then follow the deployment, one line per approval and step, until it ends: exit 0 succeeded, 1 rejected, expired, failed or cancelled (needs PostgreSQL and a running steward start)',
  '• --timeout DURATION — with --wait: stop waiting after e.g. 30m or 2h (exit 5; the request goes on)',
].join('\n');

/** Pull `--wait` and `--timeout D` out of a verb's arguments (before `--`); strict about both. */
export function takeWait(args: readonly string[]): { args: string[]; wait: WaitRequest | null } | { error: string } {
  const rest: string[] = [];
  let wait = false;
  let timeout: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (a === '--wait') {
      if (wait) return { error: '--wait is given twice; give it once' };
      wait = true;
    } else if (a.startsWith('--wait=')) return { error: '--wait is a switch and takes no value; the time limit is --timeout, e.g. --wait --timeout 2h' };
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      if (timeout !== undefined) return { error: '--timeout is given twice; give it once' };
      timeout = a === '--timeout' ? (args[++i] ?? '') : a.slice('--timeout='.length);
    } else rest.push(a);
  }
  if (!wait && timeout === undefined) return { args: rest, wait: null };
  const verb = (rest[0] ?? '').toLowerCase();
  if (!WAITS_ON.includes(verb)) return { error: `--wait${timeout !== undefined && !wait ? ' (and --timeout)' : ''} goes with steward deploy or steward rollback, not ${verb || 'nothing'}` };
  if (!wait) return { error: '--timeout goes with --wait: steward deploy <model> <version> to <env> --wait --timeout 2h' };
  if (timeout === undefined) return { args: rest, wait: { timeoutSeconds: null } };
  const s = parseDuration(timeout);
  if (s === null) return { error: `--timeout takes a duration such as 30m, 2h or 1d, got ${timeout ? `"${timeout}"` : 'nothing'}` };
  return { args: rest, wait: { timeoutSeconds: s } };
}

/** A shell's status for a command ended by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

/** How often a waiting CLI reads the deployment. */
export const POLL_MS = 1000;

/**
 * Follow a requested deployment until it ends, printing one line per change ("approved by bob (1 of
 * 2)", "rolling out", "succeeded in 12 s"): exit 0 when it succeeded, 1 when it was rejected,
 * expired, failed or cancelled, 5 when the time ran out first. With --format json the lines go to
 * stderr and the last reading, with its exit code, to stdout.
 */
export async function followDeployment(store: Pick<Store, 'read'>, id: number, wait: WaitRequest, io: CliIo, format: 'json' | 'table', pollMs = POLL_MS): Promise<number> {
  const clock = systemClock;
  const say = (l: string) => (format === 'json' ? io.err(l) : io.out(l));
  const until = wait.timeoutSeconds === null ? null : new Date(clock.now().getTime() + wait.timeoutSeconds * 1000);
  // Ctrl-C (or a CI runner's SIGTERM) stops the waiting, not the deployment: say so, at the next reading
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let r;
  try {
    r = await awaitDeployment({ store, clock, sleep: (ms) => sleep(ms, undefined, { signal: interrupted.signal }).catch(() => {}) }, id, {
      until,
      pollMs,
      onChange: (before, now) => (before ? progressLines(before, now) : [firstLine(now)]).forEach((l) => say(l)),
      stop: () => interrupted.signal.aborted,
    });
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (!r.ok) return failed(io, r);
  if (interrupted.signal.aborted && r.value.progress.outcome === null) {
    io.err(`steward: stopped waiting: deployment #${id} is ${open(r.value.progress)}; it goes on without this command.`);
    return EXIT_INTERRUPTED;
  }
  const { progress, timedOut } = r.value;
  const code = exitCodeForOutcome(progress.outcome, timedOut) ?? EXIT.timedOut;
  if (format === 'json') io.out(JSON.stringify({ ...progress, timedOut, exitCode: code }, null, 2));
  if (timedOut) io.err(`steward: stopped waiting after ${fmtDuration(wait.timeoutSeconds!)}: deployment #${id} is ${open(progress)}; it goes on without this command (steward history ${progress.model} ${progress.environment}).`);
  else if (code !== EXIT.ok) io.err(`steward: deployment #${id} did not succeed: it ${progress.status === 'failed' ? 'failed' : `was ${progress.status}`}.`);
  return code;
}

const open = (p: DeploymentProgress) => (p.status === 'awaiting_approval' ? `still awaiting approval (${p.approvals.length} of ${p.needed})` : `still ${p.status}`);
