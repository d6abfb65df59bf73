import type { CommandPorts } from '../chat/command-context.js';
import type { ChatPublisher } from '../chat/replies/publisher.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { DeployExecutor } from '../deploy/domain/executor.js';
import type { DeployTarget } from '../deploy/domain/target.js';
import { renderDeploymentCard } from '../deploy/chat/deployment-card.js';
import { DEFAULT_RUNNER, DeployRunner, type RunnerOptions } from '../deploy/runner/deploy-runner.js';
import { afterSuccess, type PostDeployPorts } from '../deploy/runner/post-deploy-check.js';
import { buildTargets } from '../deploy/targets/build-targets.js';
import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import type { NaturalLanguage } from '../llm/domain/natural-language.js';
import { openAiNaturalLanguage } from '../llm/openai-natural-language.js';
import { monitoringEvaluations } from '../monitoring/measured-evaluation.js';
import { renderAlertCard } from '../notify/chat/alert-card.js';
import type { LiveCards } from '../ports/live-cards.js';
import type { Logger } from '../ports/logger.js';
import type { StewardApp } from '../ports/steward-app.js';
import type { Store } from '../ports/store.js';
import type { SchedulerPorts } from '../scheduling/scheduler/schedule-run.js';
import type { DrainPorts } from '../notify/drain-outbox.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { secretScrubber } from '../core/secret-scrub.js';
import { type CarryOut, carryOut, effectsViaOutbox, type LeftWork, withEffects } from './effects.js';
import { liveCards } from './live-cards.js';
import { createStewardApp } from './steward-app.js';
import { buildPipelines } from '../training/pipelines/build-pipelines.js';
import { TrainingRunner, type TrainingRunnerOptions } from '../training/runner/training-runner.js';
import type { TrainingPipeline } from '../training/domain/pipeline.js';
import { renderTrainingCard } from '../training/chat/training-card.js';
import { autoRetrain } from '../training/auto-retrain.js';
import { type Metrics, noMetrics } from '../ports/metrics.js';
import { meteredApp } from './metered-app.js';
import { durablePublisher } from '../notify/chat/durable-publisher.js';
import type { RetryPorts } from '../notify/chat/retry-deliveries.js';
import { noPageLinks, type PageLinks } from '../ports/page-links.js';

export interface ComposeOptions {
  readonly config: Config;
  /** the store as opened (src/db): the composition adds what its transactions' events cause */
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** outbound chat, routed by platform (surfaces register themselves on it as they connect) */
  readonly publisher: ChatPublisher;
  /**
   * Where events take effect. `now`: a running Steward — right after each commit, with approved
   * deployments run by a DeployRunner built here (or `executor`, in tests). `outbox`: a one-shot
   * process — written to the outbox with the change, carried out by a running Steward; `left`
   * hears what will wait for it.
   */
  readonly effects: { readonly mode: 'now'; readonly executor?: DeployExecutor; readonly runner?: Partial<RunnerOptions> } | { readonly mode: 'outbox'; readonly left?: (w: LeftWork) => void };
  readonly targetFor?: (environment: string) => DeployTarget;
  /** each model's training pipeline (default: from config.training) */
  readonly pipelineFor?: (model: string) => TrainingPipeline | null;
  /** the retrain runner's timing (tests) */
  readonly training?: Partial<TrainingRunnerOptions>;
  readonly evaluations?: EvaluationSource;
  /** default: an OpenAI-compatible model when config.llm is set, else off */
  readonly nl?: NaturalLanguage | null;
  readonly chatPrefix?: string;
  /** anchor the audit log's head outside the database (after each governance decision) */
  readonly anchor?: () => Promise<void>;
  /** what operators scrape at /metrics (default: nothing is counted) */
  readonly metrics?: Metrics;
  /** links to the read-only web pages (default: none — no HTTP server serves them) */
  readonly pageLinks?: PageLinks;
}

/** Steward wired once: the inbound port, and the parts the processes' jobs are started with. */
export interface Steward {
  readonly app: StewardApp;
  /** the store whose committed events take effect */
  readonly store: Store;
  readonly cards: LiveCards;
  /** the chat layer's ports (what verbs and buttons see) */
  readonly commands: CommandPorts;
  /** `now` only: what carries out events (also those drained from the outbox) */
  readonly carryOut: CarryOut | null;
  /** `now` only, unless a test gave its own executor */
  readonly runner: DeployRunner | null;
  readonly executor: DeployExecutor | null;
  /** `now` only: what runs approved retrains */
  readonly training: TrainingRunner | null;
  /** what the post-deploy checks use */
  readonly postDeploy: PostDeployPorts;
  /** what the scheduler and alerts use */
  readonly scheduling: SchedulerPorts & { readonly config: Config };
  /** `now` only: what draining the outbox uses */
  readonly drain: DrainPorts | null;
  /** `now` only: what delivering the chat messages kept while a platform failed uses */
  readonly deliveries: RetryPorts | null;
}

/**
 * The composition root: every part is built here, in dependency order, and handed exactly the
 * ports it uses. The one loop — a committed event can start a deployment whose own transactions
 * commit events — is closed by connecting the effects once everything they use exists.
 */
export function composeSteward(o: ComposeOptions): Steward {
  const { config, clock, log } = o;
  const metrics = o.metrics ?? noMetrics;
  const effects = o.effects.mode === 'now' ? withEffects(o.store) : null;
  const store = effects ? effects.store : withEffects(o.store, effectsViaOutbox(clock, o.effects.mode === 'outbox' ? o.effects.left : undefined)).store;
  // a running Steward keeps what a chat platform does not take for now, and delivers it later (once, in order)
  const publisher = effects ? durablePublisher(o.publisher, { store, clock, log, metrics }) : o.publisher;
  // with an MLflow registry, MLflow targets find a mirrored model under its MLflow name
  const mlflowNameOf = async (name: string) => {
    const m = await store.read.models.byName(name);
    return m ? ((await store.read.mirror.modelOf(m.id))?.mlflowName ?? null) : null;
  };
  const targetFor = o.targetFor ?? buildTargets(config, config.registry ? { mlflowNameOf } : {});
  const pipelineFor = o.pipelineFor ?? buildPipelines(config);
  const evaluations = o.evaluations ?? monitoringEvaluations({ store, clock, config });
  const pageLinks = o.pageLinks ?? noPageLinks;
  const cards = liveCards({
    store,
    clock,
    publisher,
    log,
    renderers: { deployment: (id) => renderDeploymentCard(id, { store, clock, pageLinks }), alert: (id) => renderAlertCard(id, { store, config, pageLinks }), training: (id) => renderTrainingCard(id, { store, clock, pageLinks }) },
  });
  const postDeploy: PostDeployPorts = { store, clock, log, publisher, config, evaluations, targetFor };
  let runner: DeployRunner | null = null;
  let executor: DeployExecutor | null = null;
  let carry: CarryOut | null = null;
  let training: TrainingRunner | null = null;
  if (o.effects.mode === 'now') {
    runner = o.effects.executor
      ? null
      : new DeployRunner(
          { store, clock, log, cards },
          { ...DEFAULT_RUNNER, leaseMs: config.deploys.leaseMs, pollMs: config.deploys.pollMs, targetFor, deadlineMs: () => config.deploys.deadlineMs, afterSuccess: (d) => afterSuccess(postDeploy, d), ...o.effects.runner },
        );
    executor = o.effects.executor ?? runner;
    training = new TrainingRunner(
      { store, clock, log },
      { pipelineFor, deadlineMs: (model) => config.training[model]?.deadlineMs ?? 6 * 3_600_000, leaseMs: config.deploys.leaseMs, pollMs: config.deploys.pollMs, backoff: DEFAULT_RUNNER.backoff, ...o.training },
    );
    carry = carryOut({ store, publisher, cards, log, executor, training, metrics, ...(o.anchor ? { anchor: o.anchor } : {}) });
    effects!.connect(carry);
  }
  const nl = o.nl !== undefined ? o.nl : config.llm ? openAiNaturalLanguage(config.llm, log) : null;
  const commands: CommandPorts = { config, store, clock, log, publisher, cards, targetFor, pipelineFor, evaluations, nl, pageLinks };
  const app = meteredApp(createStewardApp(commands, cards, { chatPrefix: o.chatPrefix ?? config.slack?.command }), metrics);
  const onAlertRaised = async (alert: Parameters<typeof autoRetrain>[1]) => {
    const r = await autoRetrain({ store, clock, config, pipelineSummary: (m) => pipelineFor(m)?.summary ?? null }, alert);
    if (!r.ok) log.info({ alert: alert.id, model: alert.model, reason: r.error.message }, 'no automatic retrain');
    else if (r.value) log.info({ alert: alert.id, model: alert.model, trainingRun: r.value.id }, 'automatic retrain requested');
  };
  const scheduling = { store, clock, log, publisher, cards, config, scrub: secretScrubber(configuredSecrets(config)), onAlertRaised, metrics, pageLinks };
  const drain = carry ? { store, clock, log, carryOut: carry } : null;
  const deliveries = effects ? { store, clock, log, publisher: o.publisher, cards, metrics } : null;
  return { app, store, cards, commands, carryOut: carry, runner, executor, training, postDeploy, scheduling, drain, deliveries };
}
