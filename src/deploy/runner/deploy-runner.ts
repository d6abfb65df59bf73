import { randomUUID } from 'node:crypto';
import { InFlight } from '../../core/in-flight.js';
import { hostname } from 'node:os';
import type { Clock } from '../../core/clock.js';
import type { LiveCards } from '../../ports/live-cards.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { backoffDelay } from '../domain/backoff.js';
import type { Deployment } from '../domain/deployment.js';
import type { DeployExecutor } from '../domain/executor.js';
import type { DeployJob, DeployTarget, TargetOutcome } from '../domain/target.js';
import { claimDeployment, renewLease } from '../claim-deployment.js';
import { completeDeployment } from '../complete-deployment.js';

export interface RunnerOptions {
  /** which target deploys to an environment */
  readonly targetFor: (environment: string) => DeployTarget;
  /** how long a deployment may run before it is failed */
  readonly deadlineMs: (environment: string) => number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly progressMs: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  /** after a success (post-deploy check, automatic rollback) */
  readonly afterSuccess?: (d: Deployment) => Promise<void>;
  readonly owner?: string;
}

/** What the runner uses: the store, the time, the log, and the live cards (to show progress while it waits). */
export interface RunnerPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly cards: Pick<LiveCards, 'refresh'>;
}

export const DEFAULT_RUNNER = { leaseMs: 30_000, pollMs: 5_000, progressMs: 15_000, backoff: { baseMs: 1_000, maxMs: 30_000 } } as const;


/**
 * Runs approved deployments: claim (approved -> running, with a lease), call the target with
 * retries and backoff up to the deadline, follow it to the end, finish (succeeded | failed).
 * Each step's change takes effect through its events (the card follows); while a target is
 * followed, the card is refreshed now and then to show the elapsed time. Work continues in the background;
 * `idle()` waits for everything in flight (tests, shutdown).
 */
export class DeployRunner implements DeployExecutor {
  readonly owner: string;
  private readonly inFlight = new InFlight();
  private stopping = false;
  /** the waits in progress (backoff, polling): stop() ends them at once */
  private readonly waits = new Set<() => void>();

  constructor(
    private readonly deps: RunnerPorts,
    private readonly o: RunnerOptions,
  ) {
    this.owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  }

  async submit(id: number): Promise<void> {
    this.inFlight.start(id, () => this.run(id), (e) => this.deps.log.error({ err: e, deployment: id }, 'deployment run crashed'));
  }

  async idle(): Promise<void> {
    await this.inFlight.idle();
  }

  /**
   * Stop taking work; a run waiting (between retries, between polls of its target) hands its
   * deployment back at once — still running, its lease released — for a reconcile on any replica to
   * resume. A call to the target under way is awaited.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.waits) wake();
    await this.inFlight.stop();
  }

  /** Waits `ms`, or less when the runner stops; true when it stopped. */
  private async pause(ms: number): Promise<boolean> {
    if (this.stopping) return true;
    await new Promise<void>((r) => {
      const done = () => {
        clearTimeout(t);
        this.waits.delete(done);
        r();
      };
      const t = setTimeout(done, ms);
      this.waits.add(done);
    });
    return this.stopping;
  }

  /** Hands a running deployment back: its lease ends now, so a reconcile resumes it. */
  private async handBack(id: number): Promise<null> {
    await renewLease(this.deps, id, this.owner, 0).catch(() => false);
    this.deps.log.info({ deployment: id }, 'stopping: the deployment is handed back, to be resumed');
    return null;
  }

  private async run(id: number): Promise<void> {
    const deps = this.deps;
    const env = (await deps.store.read.deployments.byId(id))?.environment;
    if (!env) return;
    const claim = await claimDeployment(deps, id, this.owner, { leaseMs: this.o.leaseMs, deadlineMs: this.o.deadlineMs(env) });
    if (!claim.ok) return;
    const c = claim.value;
    if (c.kind === 'skip') {
      deps.log.info({ deployment: id, why: c.why }, 'deployment not started');
      return;
    }
    const d = c.deployment;
    const version = await deps.store.read.versions.byId(d.versionId);
    const job: DeployJob = {
      deploymentId: d.id,
      model: d.modelName,
      version: d.version,
      artifactUri: version?.artifactUri ?? '',
      sha256: version?.sha256 ?? null,
      environment: d.environment,
      requestedBy: d.requestedBy,
      approvedBy: d.approvedBy,
      rollback: d.kind === 'rollback',
    };
    const target = this.o.targetFor(d.environment);
    const outcome = await this.drive(d, job, target, c.kind === 'resume');
    if (!outcome) return; // lost the lease, or finished by a callback
    const done = await completeDeployment(deps, id, outcome.state === 'succeeded' ? { succeeded: true, message: outcome.message ?? null, url: outcome.ref?.url ?? null } : { succeeded: false, message: outcome.message, url: null });
    if (done.ok && done.value.status === 'succeeded' && this.o.afterSuccess) await this.o.afterSuccess(done.value);
  }

  /** Returns the final outcome to record, or null when there is nothing left for this process to record. */
  private async drive(d: Deployment, job: DeployJob, target: DeployTarget, resuming: boolean): Promise<{ state: 'succeeded'; message?: string; ref?: { url?: string } } | { state: 'failed'; message: string } | null> {
    const deps = this.deps;
    const deadline = d.deadlineAt?.getTime() ?? Date.now() + this.o.deadlineMs(d.environment);
    const left = () => deadline - deps.clock.now().getTime();
    let attempts = d.attempts;
    let ref = d.targetRef ? { id: d.targetRef, ...(d.targetUrl ? { url: d.targetUrl } : {}) } : null;
    let outcome: TargetOutcome;
    let lastProgress = Date.now();

    if (resuming && left() <= 0) return { state: 'failed', message: `no result before the deadline (the Steward process running it stopped${ref ? '' : ' before the target answered'})` };
    if (ref && resuming) outcome = await safe(() => target.check(job, ref!));
    else {
      for (;;) {
        attempts++;
        outcome = await safe(() => target.start(job));
        // the card says why a retry is needed: the last failure, until an attempt gets through
        if (!(await renewLease(deps, d.id, this.owner, this.o.leaseMs, { attempts, target: target.kind, lastError: outcome.state === 'retry' ? outcome.message : null }))) return null;
        if (outcome.state !== 'retry') break;
        const wait = backoffDelay(attempts, this.o.backoff);
        if (left() <= wait) return { state: 'failed', message: `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} before the deadline: ${outcome.message}` };
        deps.log.warn({ deployment: d.id, attempts, message: outcome.message }, 'target call failed; retrying');
        if (await this.pause(wait)) return this.handBack(d.id);
      }
    }
    while (outcome.state === 'running' || outcome.state === 'retry') {
      if (outcome.state === 'running' && (outcome.ref.id !== ref?.id || outcome.ref.url !== ref?.url)) {
        ref = outcome.ref;
        if (!(await renewLease(deps, d.id, this.owner, this.o.leaseMs, { targetRef: ref.id, targetUrl: ref.url ?? null }))) return null;
      }
      if (left() <= 0) return { state: 'failed', message: `no result from ${target.kind} before the deadline${outcome.state === 'retry' ? ` (last error: ${outcome.message})` : ''}` };
      if (await this.pause(Math.min(this.o.pollMs, Math.max(10, left())))) return this.handBack(d.id);
      const now = await deps.store.read.deployments.byId(d.id);
      if (!now || now.status !== 'running') return null; // finished by the signed callback
      if (!(await renewLease(deps, d.id, this.owner, this.o.leaseMs))) return null;
      if (Date.now() - lastProgress >= this.o.progressMs) {
        lastProgress = Date.now();
        await deps.cards.refresh({ kind: 'deployment', id: String(d.id) });
      }
      outcome = ref ? await safe(() => target.check(job, ref!)) : await safe(() => target.start(job));
    }
    return outcome.state === 'succeeded' ? { state: 'succeeded', ...(outcome.message ? { message: outcome.message } : {}), ...(outcome.ref ? { ref: outcome.ref } : {}) } : { state: 'failed', message: outcome.message };
  }
}

/** A target that throws is treated as transient trouble, never as a crash of the run. */
async function safe(f: () => Promise<TargetOutcome>): Promise<TargetOutcome> {
  try {
    return await f();
  } catch (e) {
    return { state: 'retry', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
}
