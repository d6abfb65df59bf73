import { reloadConfig } from '../app/reload-config.js';
import { loadConfig } from '../config/load-config.js';
import { mlflowClient } from '../mirror/mlflow/mlflow-client.js';
import { startMirrorLoop } from '../mirror/runner/mirror-loop.js';
import { join, resolve } from 'node:path';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { renderText } from '../chat/replies/text-render.js';
import { createLogger } from '../app/logger.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { pino } from 'pino';
import { openRuntime } from '../app/runtime.js';
import { demoSummary, seedDemo, withDemoTraining } from '../app/seed-demo.js';
import { startApiServer } from '../http/api-server.js';
import { recordConfigLoaded } from '../governance/record-config-loaded.js';
import { startScheduler } from '../scheduling/scheduler/start-scheduler.js';
import type { CliIo } from './cli-io.js';
import type { Config } from '../config/config.js';
import type { StopSignal } from './stop-signal.js';
import { ExitError, loadOrExit } from './load-or-exit.js';
import { mkdirSync } from 'node:fs';
import { ConsoleCards } from '../../adapters/console/console-cards.js';
import { startDeployJobs } from '../deploy/runner/start-deploy-jobs.js';
import { resumeRequestedRuns } from '../training/runner/resume-training-runs.js';
import { startOutboxDrain } from '../notify/drain-outbox.js';
import { startDeliveryRetry } from '../notify/chat/retry-deliveries.js';
import { hostname } from 'node:os';
import { startHeartbeat } from '../app/instance-heartbeat.js';
import { dataDirHolder, inUseLine } from '../db/data-dir-lock.js';
import { EXIT } from '../chat/exit-codes.js';
import { runStopSteps, stopSignal } from './stop-signal.js';

/**
 * `steward start`: migrate, optionally seed the demo, then serve. With no chat platform configured
 * the console chat is the front end (logs go to <data dir>/steward.log so they do not mix with chat).
 */
export async function startCommand(io: CliIo, o: { demo: boolean }, env: Record<string, string | undefined>): Promise<void> {
  const loaded = loadOrExit(io, env);
  const config = o.demo ? withDemoTraining(loaded) : loaded;
  const stop = stopSignal(io, config.stopGraceMs);
  try {
    await serve(io, o, env, config, stop);
  } finally {
    stop.dispose();
  }
}

async function serve(io: CliIo, o: { demo: boolean }, env: Record<string, string | undefined>, config: Config, stop: StopSignal): Promise<void> {
  // another process on the embedded database: say so in one line before anything else (openDatabase enforces it)
  const holder = config.database.url ? null : dataDirHolder(config.database.dataDir);
  if (holder) {
    io.err(`steward: ${inUseLine(resolve(config.database.dataDir), holder)}`);
    throw new ExitError(EXIT.unavailable);
  }
  mkdirSync(config.database.dataDir, { recursive: true });
  // with a chat platform Steward is a server: logs go to stderr; the console chat keeps them in a file
  const log = createLogger(config.logLevel, config.slack || config.discord ? undefined : pino.destination({ dest: join(config.database.dataDir, 'steward.log'), mkdir: true, sync: false }), configuredSecrets(config));
  io.out(`Steward starting on ${config.database.url ? 'PostgreSQL' : `embedded PGlite (${config.database.dataDir})`}…`);
  const rt = await openRuntime(config, log, { mode: 'server' });
  // a stop asked while starting: after each long step nothing more is started, and what is open closes
  const stopIfAsked = async () => {
    if (!stop.asked) return;
    await rt.close();
    process.exit(0);
  };
  await stopIfAsked();
  const { steward, publisher } = rt;
  const { app, store, clock, cards } = { ...steward, clock: steward.commands.clock };
  const imagesDir = join(config.database.dataDir, 'images');
  const consoleCards = new ConsoleCards((t) => process.stdout.write(`${t}\n`), imagesDir);
  publisher.register('console', consoleCards);
  await recordConfigLoaded({ store, clock, config });
  if (o.demo) {
    const r = await seedDemo({ store, clock, config });
    if (!r.ok) io.err(`steward: demo data: ${r.error.message}`);
    else io.out(r.value.seeded ? `Demo data seeded: ${demoSummary(r.value)}.` : 'Demo data already present.');
  }
  await stopIfAsked();
  const slack = config.slack ? await (await import('../../adapters/slack/connect-slack.js')).connectSlack(app, config.slack, publisher, log, { access: config.access, naturalLanguage: steward.commands.nl !== null }) : null;
  if (slack && !slack.ok) {
    io.err(`steward: ${slack.message}`);
    await rt.close();
    throw new ExitError(slack.exitCode);
  }
  if (slack) io.out(slack.banner);
  const discord = config.discord ? await (await import('../../adapters/discord/connect-discord.js')).connectDiscord(app, config.discord, publisher, log) : null;
  if (discord && !discord.ok) {
    io.err(`steward: ${discord.message}`);
    await slack?.adapter.stop();
    await rt.close();
    throw new ExitError(discord.exitCode);
  }
  if (discord) io.out(discord.banner);
  let closing = false;
  const registrySource = config.registry ? mlflowClient(config.registry) : null;
  const chatReady = () => ({ ...(config.slack ? { slack: !!slack?.ok } : {}), ...(config.discord ? { discord: !!discord?.ok } : {}) });
  const api = await startApiServer({ app, store, clock, config, log, renderText: (r) => renderText(r), stopping: () => closing, registrySource, ...(rt.metrics ? { metrics: rt.metrics } : {}), chatReady, pages: rt.pages ? { signer: rt.pages, verifyAudit: () => rt.verifyAudit() } : null }, slack?.adapter.routes ?? []);
  if (api) io.out(`HTTP API listening on ${api.url}`);
  // page links are absolute under STEWARD_PUBLIC_URL, else where the server listens
  if (api) rt.pages?.listening(api.url);
  const runner = steward.runner!;
  const scheduler = await startScheduler(steward.scheduling, rt.metrics ? { onRun: (r) => rt.metrics!.scheduledRun(r.outcome.status, (clock.now().getTime() - r.slot.getTime()) / 1000) } : {});
  const outbox = startOutboxDrain(steward.drain!, runner.owner);
  const kept = startDeliveryRetry(steward.deliveries!, runner.owner);
  const deployJobs = await startDeployJobs({ store, clock, log, postDeploy: steward.postDeploy }, runner, { reconcileMs: config.deploys.leaseMs, expireMs: 60_000 });
  await resumeRequestedRuns(store, steward.training!);
  const mirror = registrySource ? startMirrorLoop({ store, clock, log, config, source: registrySource }, runner.owner) : null;
  // the audit head, anchored outside the database now and on a schedule (and after every governance decision)
  if (config.database.url && config.audit && !config.audit.keys.length) log.warn({ keyFile: config.audit.keyFile }, 'STEWARD_AUDIT_KEYS is not set: the audit log is sealed with a key kept in this machine\'s data directory; replicas on other machines need the same key (docs/governance.md#the-audit-log)');
  await rt.anchor?.();
  const anchoring = rt.anchor && config.audit ? setInterval(() => void rt.anchor!(), config.audit.anchorEveryMs) : null;
  anchoring?.unref();
  // SIGHUP: reload steward.yaml — applied at once when valid, else the configuration in force stays
  const onHangup = () =>
    void reloadConfig({ config, store, clock, log, publisher }, () => {
      const r = loadConfig(env);
      return r.ok && o.demo ? { ok: true as const, config: withDemoTraining(r.config) } : r;
    }).then(
      (r) => io.out(r.ok ? `steward.yaml reloaded${r.applied.length ? `: ${r.applied.join(', ')} in force now` : ': nothing a reload applies changed'}${r.restart.length ? `; ${r.restart.join(', ')} changed, applied after a restart` : ''}.` : `steward.yaml not reloaded (the configuration in force stays): ${r.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`),
      (err: unknown) => log.error({ err }, 'reloading steward.yaml failed'),
    );
  process.on('SIGHUP', onHangup);
  // serving: one-shot commands on this database now know their queued work will be picked up
  const heartbeat = await startHeartbeat({ store, clock, log }, { id: runner.owner, host: hostname(), pid: process.pid });
  // stopping: each part in turn, a part that fails is logged and the rest still run
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await runStopSteps(
      [
        ['heartbeat', () => heartbeat.stop()],
        ['scheduler', () => scheduler?.stop()],
        ['mirror', () => mirror?.stop()],
        ['anchor', () => {
          if (anchoring) clearInterval(anchoring);
          process.off('SIGHUP', onHangup);
          return rt.anchor?.();
        }],
        ['outbox', () => outbox.stop()],
        ['chat retries', () => kept.stop()],
        ['deploy jobs', () => deployJobs.stop()],
        // the HTTP server first: what it accepted reaches the adapters, which then finish that work
        ['http', () => api?.close()],
        ['slack', () => slack?.adapter.stop()],
        ['discord', () => discord?.adapter.stop()],
        ['database', () => rt.close()],
      ],
      (what, err) => log.error({ err }, `stopping: ${what} failed`),
    );
  };
  const stopped = async () => {
    await shutdown();
    process.exit(0);
  };
  // a stop asked while starting is honoured now that everything it stops exists
  if (stop.asked) return stopped();
  void stop.requested.then(stopped);
  if (slack || discord) return new Promise<void>(() => {}); // until a stop signal
  const how = await runConsoleChat({
    app,
    user: config.cliUser,
    input: process.stdin,
    output: process.stdout,
    imagesDir,
    color: process.stdout.isTTY,
    cards: consoleCards,
    banner: 'Console chat — no Slack or Discord tokens configured. Type /mlops help, :as <user> to switch user, :quit to leave.',
  });
  // with no terminal attached (a container, a service) the console's input ends at once: keep serving
  // HTTP until a stop signal; an explicit :quit always leaves
  if (how === 'ended' && api && !process.stdin.isTTY) {
    io.out('Console input closed; serving the HTTP API until SIGTERM or SIGINT.');
    return new Promise<void>(() => {});
  }
  await shutdown();
}
