import { App, type webApi } from '@slack/bolt';
import type { AccessConfig } from '../../src/governance/domain/access.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import type { SlackConfig } from '../../src/config/slack-config.js';
import type { Route } from '../../src/http/http-server.js';
import { boltLogger } from './slack-bolt-logger.js';
import { listenForClicks } from './slack-click-listeners.js';
import { busyReply, listenForCommand, listenForMentions } from './slack-command-listener.js';
import { startError } from './slack-errors.js';
import { SlackIdentity } from './slack-identity.js';
import { SlackIngressReceiver } from './slack-ingress-receiver.js';
import { SlackPublisher } from './slack-publisher.js';
import { renderSlack } from './slack-render.js';
import { WorkQueue } from './slack-work-queue.js';

/** The one URL Slack calls in HTTP mode: slash commands, interactivity and events. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  readonly app: StewardApp;
  readonly slack: SlackConfig;
  readonly log: Logger;
  /** roles and members (steward.yaml): which Slack user groups to look up */
  readonly access: AccessConfig;
  /** an @mention is a question for natural language (when it is on), else help */
  readonly naturalLanguage: boolean;
  /**
   * Web API retries (on 429 the client first waits Retry-After, then retries). Default 3 with
   * 1–10 s backoff: long enough to ride out a rate limit, short enough for a chat reply.
   */
  readonly retries?: number;
  /** Hold HTTP responses until handlers finish (tests only: production acks first, works after). */
  readonly processBeforeResponse?: boolean;
  /**
   * work after acks: jobs at once, and how many may wait before new requests get "busy" (default 4,
   * 500); HTTP mode: how many acked requests may wait for the main thread before the ingress acks
   * commands with "busy" itself (default 1000)
   */
  readonly work?: { readonly concurrency?: number; readonly maxWaiting?: number; readonly maxPending?: number };
}

export interface SlackAdapter {
  readonly bolt: App;
  readonly client: webApi.WebClient;
  readonly publisher: SlackPublisher;
  readonly identity: SlackIdentity;
  /** the work after acks (size, idle) */
  readonly work: WorkQueue;
  /** HTTP mode: mount these on Steward's HTTP server (POST /slack/events). Empty in Socket Mode. */
  readonly routes: readonly Route[];
  /** auth.test (fix-it SlackStartError on a bad token), then in Socket Mode open the socket. */
  start(): Promise<{ team: string; botUserId: string }>;
  stop(): Promise<void>;
}

/**
 * Slack through Bolt 5. HTTP mode mounts Slack's endpoint on Steward's own HTTP server (one port for
 * the API and Slack): on its ingress thread Bolt's functions verify every request's signature and
 * timestamp and slash commands are acked at once (slack-ingress.ts); Bolt's App runs the listeners
 * on the main thread (slack-ingress-receiver.ts). Socket Mode dials out with the app token. Both
 * register the same listeners.
 */
export function createSlackAdapter(o: SlackAdapterOptions): SlackAdapter {
  const logger = boltLogger(o.log);
  const retries = o.retries ?? 3;
  const clientOptions = {
    slackApiUrl: o.slack.apiUrl,
    retryConfig: { retries, factor: 2, minTimeout: 1000, maxTimeout: 10_000 },
    timeout: 15_000,
  };
  const receiver = o.slack.mode === 'http' ? new SlackIngressReceiver({ processBeforeResponse: o.processBeforeResponse ?? false, log: o.log, firstSeen: (key, ms) => o.app.firstSeen(key, ms) }) : undefined;
  const bolt = new App({
    token: o.slack.botToken,
    logger,
    clientOptions,
    deferInitialization: true,
    ...(receiver ? { receiver } : { socketMode: true, appToken: o.slack.appToken ?? '' }),
  });
  const client = bolt.client;
  const publisher = new SlackPublisher(client, o.log);
  const identity = new SlackIdentity({ client, access: o.access, ttlMs: o.slack.identityTtlMs, log: o.log });
  const work = new WorkQueue(o.work?.concurrency ?? 4, o.work?.maxWaiting ?? 500);
  const deps = { app: o.app, publisher, log: o.log, identity, command: o.slack.command, work, naturalLanguage: o.naturalLanguage };
  listenForCommand(bolt, deps);
  listenForClicks(bolt, deps);
  listenForMentions(bolt, deps);
  bolt.error(async (e) => {
    o.log.error({ err: e.message, code: (e as { code?: string }).code }, 'slack listener failed');
  });

  const busy = renderSlack({ ...busyReply(), ephemeral: true });
  const routes: Route[] = receiver
    ? [
        receiver.route('POST', SLACK_EVENTS_PATH, {
          signingSecret: o.slack.signingSecret ?? '',
          fastAckCommand: o.processBeforeResponse ? null : o.slack.command,
          maxPending: o.work?.maxPending ?? 1000,
          busyAck: { response_type: 'ephemeral', text: busy.text, blocks: busy.blocks },
        }),
      ]
    : [];

  let started = false;
  return {
    bolt,
    client,
    publisher,
    identity,
    work,
    routes,
    async start() {
      let auth: webApi.AuthTestResponse;
      try {
        auth = await client.auth.test();
        await bolt.init(); // Bolt's own auth.test (once): it caches the bot ids its middleware needs
      } catch (e) {
        throw startError(e, 'SLACK_BOT_TOKEN', o.slack.apiUrl);
      }
      if (o.slack.mode === 'socket') {
        try {
          await bolt.start();
        } catch (e) {
          throw startError(e, 'SLACK_APP_TOKEN', o.slack.apiUrl);
        }
      }
      started = true;
      o.log.info({ team: auth.team, bot: auth.user_id, mode: o.slack.mode }, 'slack connected');
      return { team: auth.team ?? '', botUserId: auth.user_id ?? '' };
    },
    async stop() {
      if (started && o.slack.mode === 'socket') await bolt.stop();
      started = false;
      await receiver?.idle();
      await work.idle();
    },
  };
}
