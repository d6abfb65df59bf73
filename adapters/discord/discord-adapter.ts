import { type APIApplication, Client, Events, GatewayIntentBits, type REST, Routes } from 'discord.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import type { DiscordConfig } from '../../src/config/discord-config.js';
import { DiscordStartError, startError } from './discord-errors.js';
import { handleRequest } from './discord-handlers.js';
import { fromDiscordJs } from './discord-interaction.js';
import type { DiscordRequest } from './discord-parse.js';
import { DiscordPublisher } from './discord-publisher.js';

export interface DiscordAdapterOptions {
  readonly app: StewardApp;
  readonly discord: DiscordConfig;
  readonly log: Logger;
  /** answer a command at once when its reply is ready within this long, else defer (default 1500 ms; 0 = always defer) */
  readonly replyWithinMs?: number;
  /** REST retries of a 5xx or network error (429s are always waited out); default 3 */
  readonly restRetries?: number;
  /** how long `start` waits for the gateway to be ready (default 30 s) */
  readonly readyTimeoutMs?: number;
}

export interface DiscordAdapter {
  readonly client: Client;
  readonly rest: REST;
  readonly publisher: DiscordPublisher;
  /** Handle one interaction (translated from discord.js, or from Discord's JSON in tests). */
  handle(req: DiscordRequest): Promise<void>;
  /** Check the token and application id over REST (fix-it DiscordStartError), then connect to the gateway. */
  start(): Promise<{ botName: string; botId: string; application: string }>;
  stop(): Promise<void>;
  /** Resolves when no interaction is being handled (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * Discord through discord.js 14: a gateway Client (intent Guilds only — interactions need no
 * privileged intent) whose interactionCreate events are translated to our own types
 * (fromDiscordJs) and handled by discord-handlers.ts, which answers over the REST client
 * (`client.rest`, also used by the publisher). REST goes to `discord.apiUrl` (a stand-in in tests).
 */
export function createDiscordAdapter(o: DiscordAdapterOptions): DiscordAdapter {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: o.discord.apiUrl, retries: o.restRetries ?? 3, timeout: 15_000 } });
  client.rest.setToken(o.discord.token);
  const publisher = new DiscordPublisher(client.rest, o.log);
  const deps = { app: o.app, rest: client.rest, log: o.log, replyWithinMs: o.replyWithinMs ?? 1500 };
  const inflight = new Set<Promise<void>>();
  const handle = (req: DiscordRequest) => {
    const p = handleRequest(deps, req).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  };
  client.on(Events.InteractionCreate, (i) => {
    const req = fromDiscordJs(i);
    if (req) void handle(req);
  });
  client.on(Events.Error, (e) => o.log.error({ err: e.message }, 'discord client error'));
  client.on(Events.Warn, (m) => o.log.warn({ src: 'discord' }, m));
  client.on(Events.ShardDisconnect, (ev, shard) => o.log.warn({ shard, code: ev.code }, 'discord gateway disconnected'));

  let started = false;
  return {
    client,
    rest: client.rest,
    publisher,
    handle,
    async start() {
      let me: APIApplication;
      try {
        me = (await client.rest.get(Routes.currentApplication())) as APIApplication;
      } catch (e) {
        throw startError(e, o.discord.apiUrl);
      }
      if (me.id !== o.discord.applicationId) {
        throw new DiscordStartError(`DISCORD_APPLICATION_ID is ${o.discord.applicationId}, but DISCORD_TOKEN belongs to application ${me.id} ("${me.name}"). Copy the Application ID and the bot token of the same application from the Developer Portal, then start again.`, 2);
      }
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the gateway was not ready after ${(o.readyTimeoutMs ?? 30_000) / 1000} s`)), o.readyTimeoutMs ?? 30_000);
        client.once(Events.ClientReady, () => resolve());
      });
      ready.catch(() => undefined); // awaited below; a failed login must not leave it unhandled
      try {
        await client.login(o.discord.token);
        await ready;
      } catch (e) {
        await client.destroy().catch(() => undefined);
        throw startError(e, o.discord.apiUrl);
      } finally {
        clearTimeout(timer);
      }
      started = true;
      const bot = client.user!;
      o.log.info({ bot: bot.id, application: me.id }, 'discord connected');
      return { botName: bot.username, botId: bot.id, application: me.name };
    },
    async stop() {
      if (started) await client.destroy();
      started = false;
      await Promise.allSettled([...inflight]);
    },
    async idle() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
