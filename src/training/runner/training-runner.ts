import { randomUUID } from 'node:crypto';
import { InFlight } from '../../core/in-flight.js';
import { hostname } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { backoffDelay } from '../../deploy/domain/backoff.js';
import type { TargetOutcome, TargetRef } from '../../deploy/domain/target.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import type { TrainingExecutor, TrainingJob, TrainingPipeline } from '../domain/pipeline.js';
import type { TrainingRun } from '../domain/training-run.js';
import { claimTrainingRun } from '../claim-training-run.js';
import { failTrainingRun } from '../fail-training-run.js';
import { noteTrainingProgress } from '../note-training-progress.js';

export interface TrainingRunnerOptions {
  readonly pipelineFor: (model: string) => TrainingPipeline | null;
  /** how long a run may take to register its version */
  readonly deadlineMs: (model: string) => number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly owner?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The trigger input: "request", "alert:<id>" or "auto:alert:<id>". */
export const triggerOf = (run: Pick<TrainingRun, 'triggerKind' | 'alertId'>): string =>
  run.triggerKind === 'request' || run.alertId === null ? run.triggerKind : `${run.triggerKind === 'auto' ? 'auto:' : ''}alert:${run.alertId}`;

export const jobOf = (run: TrainingRun): TrainingJob => ({ runId: run.id, model: run.modelName, fromVersion: run.fromVersion, reason: run.reason, trigger: triggerOf(run), requestedBy: run.requestedBy });

/**
 * Runs retrains ready for their pipeline: claim (requested -> running, with a lease and deadline),
 * call the pipeline with retries and backoff (the deploy executor's), follow it (GitHub: poll the
 * workflow run; webhook: its signed callback), and fail the run when the pipeline fails or nothing
 * is registered before the deadline. The run ends `registered` when the pipeline registers its
 * version with `--trigger <id>` (another transaction, another process): the runner then stops.
 */
export class TrainingRunner implements TrainingExecutor {
  readonly owner: string;
  private readonly inFlight = new InFlight();

  constructor(
    private readonly deps: { readonly store: Store; readonly clock: Clock; readonly log: Logger },
    private readonly o: TrainingRunnerOptions,
  ) {
    this.owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  }

  async submit(id: number): Promise<void> {
    this.inFlight.start(id, () => this.run(id), (e) => this.deps.log.error({ err: e, trainingRun: id }, 'training run crashed'));
  }

  async idle(): Promise<void> {
    await this.inFlight.idle();
  }

  /** Stop taking work and wait for what is running (each run keeps its lease until it ends). */
  async stop(): Promise<void> {
    await this.inFlight.stop();
  }

  private async run(id: number): Promise<void> {
    const { store, clock, log } = this.deps;
    const model = (await store.read.trainingRuns.byId(id))?.modelName;
    if (!model) return;
    const claim = await claimTrainingRun(this.deps, id, this.owner, { leaseMs: this.o.leaseMs, deadlineMs: this.o.deadlineMs(model) });
    if (!claim.ok || claim.value.kind === 'skip') return;
    const run = claim.value.run;
    const pipeline = this.o.pipelineFor(model);
    if (!pipeline) {
      await failTrainingRun(this.deps, id, { message: `${model} has no training pipeline configured any more (training.${model}.pipeline in steward.yaml)` });
      return;
    }
    const job = jobOf(run);
    const deadline = run.deadlineAt!.getTime();
    const left = () => deadline - clock.now().getTime();
    const lease = { owner: this.owner, leaseMs: this.o.leaseMs };
    const note = (p: Parameters<typeof noteTrainingProgress>[2]) => noteTrainingProgress(this.deps, id, p, lease);

    let attempts = 0;
    let outcome: TargetOutcome;
    for (;;) {
      attempts++;
      outcome = await safe(() => pipeline.start(job));
      if (!(await note({ attempts }))) return;
      if (outcome.state !== 'retry') break;
      const wait = backoffDelay(attempts, this.o.backoff);
      if (left() <= wait) {
        await failTrainingRun(this.deps, id, { message: `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} before the deadline: ${outcome.message}` });
        return;
      }
      log.warn({ trainingRun: id, attempts, message: outcome.message }, 'training pipeline call failed; retrying');
      await sleep(wait);
    }
    let ref: TargetRef | null = null;
    let following = true;
    for (;;) {
      if (outcome.state === 'failed') {
        await failTrainingRun(this.deps, id, { message: outcome.message, url: outcome.ref?.url ?? null });
        return;
      }
      if (outcome.state === 'running' && (outcome.ref.id !== ref?.id || outcome.ref.url !== ref?.url || outcome.message)) {
        ref = outcome.ref;
        if (!(await note({ targetRef: ref.id, targetUrl: ref.url ?? null, ...(outcome.message ? { message: outcome.message } : {}) }))) return;
      }
      if (outcome.state === 'succeeded') {
        // the pipeline is done: the version arrives (or arrived) by register --trigger
        following = false;
        if (!(await note({ ...(outcome.ref ? { targetRef: outcome.ref.id, targetUrl: outcome.ref.url ?? null } : {}), message: `${outcome.message ?? 'the pipeline succeeded'}; waiting for register … --trigger ${id}` }))) return;
      }
      if (left() <= 0) {
        await failTrainingRun(this.deps, id, { message: `no version registered with --trigger ${id} before the deadline${outcome.state === 'retry' ? ` (last error: ${outcome.message})` : ''}` });
        return;
      }
      await sleep(Math.min(this.o.pollMs, Math.max(10, left())));
      const now = await store.read.trainingRuns.byId(id);
      if (!now || now.status !== 'running' || now.leaseOwner !== this.owner) return; // registered, or failed by the callback
      if (!(await note({}))) return;
      if (following && ref) outcome = await safe(() => pipeline.check(job, ref!));
      else if (following) outcome = { state: 'retry', message: 'no run to follow yet' };
      else outcome = { state: 'running', ref: ref ?? { id: String(id) } };
      if (!following && outcome.state === 'running') ref = outcome.ref;
    }
  }
}

/** A pipeline that throws is transient trouble, never a crash of the run. */
async function safe(f: () => Promise<TargetOutcome>): Promise<TargetOutcome> {
  try {
    return await f();
  } catch (e) {
    return { state: 'retry', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
}
