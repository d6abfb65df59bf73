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

const WAITS_ON = ['deploy', 'rollback'];

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
  const r = await awaitDeployment({ store, clock, sleep: (ms) => sleep(ms) }, id, {
    until,
    pollMs,
    onChange: (before, now) => (before ? progressLines(before, now) : [firstLine(now)]).forEach((l) => say(l)),
  });
  if (!r.ok) return failed(io, r);
  const { progress, timedOut } = r.value;
  const code = exitCodeForOutcome(progress.outcome, timedOut) ?? EXIT.timedOut;
  if (format === 'json') io.out(JSON.stringify({ ...progress, timedOut, exitCode: code }, null, 2));
  if (timedOut) io.err(`steward: stopped waiting after ${fmtDuration(wait.timeoutSeconds!)}: deployment #${id} is ${open(progress)}; it goes on without this command (steward history ${progress.model} ${progress.environment}).`);
  else if (code !== EXIT.ok) io.err(`steward: deployment #${id} did not succeed: it ${progress.status === 'failed' ? 'failed' : `was ${progress.status}`}.`);
  return code;
}

const open = (p: DeploymentProgress) => (p.status === 'awaiting_approval' ? `still awaiting approval (${p.approvals.length} of ${p.needed})` : `still ${p.status}`);
