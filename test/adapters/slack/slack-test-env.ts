import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { REASON_MODAL_CALLBACK_ID, REASON_ACTION_ID, REASON_BLOCK_ID } from '../../../adapters/slack/slack-action-ids.js';
import type { StewardApp } from '../../../src/ports/steward-app.js';
import type { CommandPorts } from '../../../src/chat/command-context.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { DeployRunner } from '../../../src/deploy/runner/deploy-runner.js';
import { FAST } from '../../helpers/deploy-harness.js';
import type { Config } from '../../../src/config/config.js';
import type { DeployExecutor } from '../../../src/deploy/domain/executor.js';
import { type RunningHttpServer, startHttpServer } from '../../../src/http/http-server.js';
import { openRuntime, type Runtime } from '../../../src/app/runtime.js';
import { type SlackApiStandIn as StandIn, SlackApiStandIn, type SlackCall, type SlackUser } from '../../fakes/slack-api-stand-in.js';
import { type PostResult, signedPost } from '../../fakes/slack-signed-post.js';
import { type Driver, freshDatabase, type TestDatabase } from '../../helpers/databases.js';
import { testConfig } from '../../helpers/test-config.js';
import { appMentionBody, blockActionsBody, slashCommandBody, type SlackUserRef, viewSubmissionBody } from './slack-requests.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { openDatabase } from '../../../src/db/open-database.js';

export const BOT_TOKEN = 'xoxb-1111-2222-steward-test-token';
export const SIGNING_SECRET = '8f742231b10e8888abcd99eee85a5eee';
export const CHANNEL = 'C0MLOPS';

/** Log lines captured in memory (for "never logs a secret" and error assertions). */
export class CapturingLogger implements Logger {
  readonly lines: { level: string; obj: object; msg?: string }[] = [];
  info(obj: object, msg?: string) {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string) {
    this.lines.push({ level: 'error', obj, msg });
  }
  debug(obj: object, msg?: string) {
    this.lines.push({ level: 'debug', obj, msg });
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${safe(l.obj)} ${l.msg ?? ''}`).join('\n');
  }
}

const safe = (o: object) => {
  try {
    return JSON.stringify(o, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  } catch {
    return String(o);
  }
};

export interface SlackEnvOptions {
  /** steward.yaml text (members like "slack:U…", "slack-group:S…") */
  readonly yaml?: string;
  readonly users?: Record<string, SlackUser>;
  readonly groups?: Record<string, string[]>;
  readonly driver?: Driver;
  /** wrap the production app (test-only cards and buttons) */
  readonly wrapApp?: (app: StewardApp) => StewardApp;
  /** Web API retries (default 0 in tests) */
  readonly retries?: number;
  readonly env?: Record<string, string>;
  readonly processBeforeResponse?: boolean;
  /** the adapter's work queue limits */
  readonly work?: { concurrency?: number; maxWaiting?: number; maxPending?: number };
  /** what runs approved deployments: 'runner' = the production DeployRunner (fast timings) on config.targets */
  readonly executor?: DeployExecutor | 'runner';
  /** another replica: this Steward works on that env's database (its own connections on PostgreSQL) */
  readonly replicaOf?: SlackEnv;
}

export interface SlackEnv {
  readonly standIn: StandIn;
  readonly runtime: Runtime;
  readonly app: StewardApp;
  /** the chat layer's ports (store, publisher, …) of this Steward */
  readonly deps: CommandPorts;
  readonly adapter: SlackAdapter;
  readonly server: RunningHttpServer;
  readonly config: Config;
  readonly db: TestDatabase;
  readonly log: CapturingLogger;
  /** Steward's Slack endpoint: http://127.0.0.1:PORT/slack/events */
  readonly endpoint: string;
  /** a Slack workspace that signs and posts like Slack */
  readonly slack: SlackSim;
  /** the deploy runner, when `executor: 'runner'` */
  readonly runner: DeployRunner | null;
  close(): Promise<void>;
}

/**
 * Steward as production builds it (config from env + steward.yaml, openRuntime on a fresh PGlite or
 * PostgreSQL database, MultiPublisher with the SlackPublisher, Bolt's receiver on Steward's HTTP
 * server) talking to a local Slack Web API stand-in, over real HTTP on loopback.
 */
export async function slackEnv(o: SlackEnvOptions = {}): Promise<SlackEnv> {
  const standIn = await new SlackApiStandIn({ token: BOT_TOKEN, users: o.users, groups: o.groups }).start();
  const cwd = tempDir('slack');
  if (o.yaml) writeFileSync(join(cwd, 'steward.yaml'), o.yaml);
  const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, SLACK_IDENTITY_TTL_SECONDS: '60', STEWARD_HTTP_PORT: '0', ...o.env }, cwd);
  const log = new CapturingLogger();
  const db = o.replicaOf ? await replicaDatabase(o.replicaOf.db) : await freshDatabase(o.driver ?? 'pglite');
  // composed like `steward start` (targets from steward.yaml); approved deployments run only when asked
  const runtime = await openRuntime(config, log, { mode: 'server', database: db, ...(o.executor === 'runner' ? { runner: { ...FAST, deadlineMs: () => 10_000 } } : { executor: (o.executor as DeployExecutor | undefined) ?? { submit: async () => {} } }) });
  const publisher = runtime.publisher;
  const runner = runtime.steward.runner;
  const app = o.wrapApp ? o.wrapApp(runtime.steward.app) : runtime.steward.app;
  const adapter = createSlackAdapter({ app, slack: config.slack!, log, access: config.access, naturalLanguage: runtime.steward.commands.nl !== null, retries: o.retries ?? 0, processBeforeResponse: o.processBeforeResponse, ...(o.work ? { work: o.work } : {}) });
  publisher.register('slack', adapter.publisher);
  await adapter.start();
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: adapter.routes, log });
  const endpoint = `${server.url}${SLACK_EVENTS_PATH}`;
  return {
    standIn,
    runtime,
    app,
    deps: runtime.steward.commands,
    adapter,
    server,
    config,
    db,
    log,
    endpoint,
    slack: new SlackSim(endpoint, standIn, config.slack!.command),
    runner,
    async close() {
      await runner?.stop();
      await server.close();
      await adapter.stop();
      await standIn.close();
      await db.close();
    },
  };
}

/** The same database as another replica's: its own pool on PostgreSQL, the same instance on PGlite (closed by its owner). */
async function replicaDatabase(db: TestDatabase): Promise<TestDatabase> {
  if (!db.url) return { ...db, close: async () => {} } as TestDatabase;
  const own = await openDatabase({ kind: 'postgres', url: db.url, max: 4 }, { migrate: false });
  return { ...own, url: db.url } as TestDatabase;
}

/** Drives Steward like a Slack workspace would: signed, form-encoded requests in Slack's formats. */
export class SlackSim {
  private seq = 0;
  constructor(
    readonly endpoint: string,
    readonly standIn: StandIn,
    readonly slashCommand: string,
  ) {}

  post(body: string, opts: { contentType?: string; timestamp?: number; signature?: string; unsigned?: boolean } = {}): Promise<PostResult> {
    return signedPost(this.endpoint, body, { secret: SIGNING_SECRET, ...opts });
  }

  /** `/mlops <text>` typed by `user` in `channel`; returns the HTTP answer (the ack) and this request's response_url. */
  async command(text: string, user: SlackUserRef, channelId = CHANNEL): Promise<PostResult & { responseUrl: string }> {
    const responseUrl = this.standIn.responseUrl(`T0001/${++this.seq}/cmd`);
    const r = await this.post(slashCommandBody({ command: this.slashCommand, text, user, channelId, responseUrl }));
    return { ...r, responseUrl };
  }

  /** Wait for what Steward sent back for a command: the response_url post or a chat.postMessage. */
  async answerTo(cmd: { responseUrl: string }, channelId = CHANNEL): Promise<SlackCall> {
    const path = new URL(cmd.responseUrl).pathname;
    const before = new Set(this.standIn.callsOf('chat.postMessage'));
    return Promise.race([
      this.standIn.waitFor('response_url', (c) => c.body.url === path),
      this.standIn.waitFor('chat.postMessage', (c) => c.body.channel === channelId && !before.has(c)),
    ]).then((cs) => cs[cs.length - 1]!);
  }

  /** Click the button with `actionId` on a posted message (its blocks as Steward sent them). */
  async click(message: { channel: string; ts: string; blocks: unknown }, actionIdPrefix: string, user: SlackUserRef): Promise<PostResult & { responseUrl: string }> {
    const button = buttonsOf(message.blocks).find((b) => b.action_id.startsWith(actionIdPrefix));
    if (!button) throw new Error(`no button ${actionIdPrefix} on message ${message.ts}: ${JSON.stringify(message.blocks)}`);
    const responseUrl = this.standIn.responseUrl(`T0001/${++this.seq}/act`);
    const r = await this.post(blockActionsBody({ user, channelId: message.channel, messageTs: message.ts, actionId: button.action_id, value: button.value, responseUrl, triggerId: `trigger.${this.seq}` }));
    return { ...r, responseUrl };
  }

  /** Submit the reject-reason modal Steward opened (its private_metadata as sent to views.open). */
  submitReason(view: { private_metadata: string }, reason: string, user: SlackUserRef): Promise<PostResult> {
    return this.post(viewSubmissionBody({ user, callbackId: REASON_MODAL_CALLBACK_ID, privateMetadata: view.private_metadata, blockId: REASON_BLOCK_ID, actionId: REASON_ACTION_ID, value: reason }));
  }

  mention(text: string, user: SlackUserRef, channelId = CHANNEL): Promise<PostResult> {
    return this.post(appMentionBody({ user, channelId, text }), { contentType: 'application/json' });
  }
}

export interface SlackButton {
  readonly action_id: string;
  readonly value: string;
  readonly text: { text: string };
  readonly style?: string;
}

export function buttonsOf(blocks: unknown): SlackButton[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.filter((b) => b?.type === 'actions').flatMap((b) => b.elements as SlackButton[]);
}

/** All text a user would read in a message's blocks (header, sections, fields, context). */
export function visibleText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const out: string[] = [];
  for (const b of blocks) {
    if (b.text?.text) out.push(b.text.text);
    for (const f of b.fields ?? []) out.push(f.text);
    for (const e of b.elements ?? []) if (e.text && typeof e.text === 'string') out.push(e.text);
    for (const e of b.elements ?? []) if (e.text?.text) out.push(`[${e.text.text}]`);
  }
  return out.join('\n');
}
