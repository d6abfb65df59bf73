import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.js';
import { parseInteraction } from '../../../adapters/discord/discord-parse.js';
import type { StewardApp } from '../../../src/ports/steward-app.js';
import type { CommandPorts } from '../../../src/chat/command-context.js';
import { composeSteward } from '../../../src/app/compose.js';
import type { Config } from '../../../src/config/config.js';
import { systemClock } from '../../../src/core/clock.js';
import type { DeployTarget } from '../../../src/deploy/domain/target.js';
import { drizzleStore } from '../../../src/db/repos/drizzle-store.js';
import type { DeployRunner } from '../../../src/deploy/runner/deploy-runner.js';
import { MultiPublisher } from '../../../src/chat/replies/publisher.js';
import { type DiscordCall, DiscordRestStandIn, type DiscordStandInOptions, type StoredMessage } from '../../fakes/discord-rest-stand-in.js';
import { type Driver, freshDatabase, type TestDatabase } from '../../helpers/databases.js';
import { FAST } from '../../helpers/deploy-harness.js';
import { configFromYaml } from '../../helpers/test-config.js';
import { CapturingLogger } from '../slack/slack-test-env.js';
import { APP_ID, buttonJson, CHANNEL, type DiscordTestUser, modalSubmitJson, slashCommandJson } from './discord-interactions.js';
import { buttonsOf } from './discord-test-helpers.js';

export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GAbCdE.steward-discord-test-token_0123456789';
export const CALLBACK = 'POST /interactions/{id}/{token}/callback';
export const EDIT_CARD = 'PATCH /channels/{channel}/messages/{message}';
export const FOLLOW_UP = 'POST /webhooks/{app}/{token}';
export const EDIT_ORIGINAL = 'PATCH /webhooks/{app}/{token}/messages/@original';

export interface DiscordEnvOptions {
  readonly yaml: string;
  readonly driver?: Driver;
  /** the deploy target; approved deployments run on the production DeployRunner (fast timings) */
  readonly target?: DeployTarget;
  readonly replyWithinMs?: number;
  readonly channelErrors?: DiscordStandInOptions['channelErrors'];
  /** wrap the production app the adapter talks to (e.g. one whose handler throws) */
  readonly wrapApp?: (app: StewardApp) => StewardApp;
}

export interface DiscordEnv {
  readonly standIn: DiscordRestStandIn;
  readonly app: StewardApp;
  readonly deps: CommandPorts;
  readonly adapter: DiscordAdapter;
  readonly config: Config;
  readonly db: TestDatabase;
  readonly log: CapturingLogger;
  readonly runner: DeployRunner;
  readonly discord: DiscordSim;
  close(): Promise<void>;
}

/**
 * Steward composed like `steward start` (deploy-harness style: real store on PGlite or PostgreSQL,
 * the production DeployRunner on a given target, MultiPublisher with the DiscordPublisher) and the
 * Discord adapter, whose discord.js REST client talks to a local REST stand-in over loopback.
 */
export async function discordEnv(o: DiscordEnvOptions): Promise<DiscordEnv> {
  const standIn = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID, ...(o.channelErrors ? { channelErrors: o.channelErrors } : {}) }).start();
  const config = configFromYaml(o.yaml, { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl });
  const log = new CapturingLogger();
  const db = await freshDatabase(o.driver ?? 'pglite');
  const publisher = new MultiPublisher();
  const target = o.target;
  const steward = composeSteward({ config, store: drizzleStore(db.db), clock: systemClock, log, publisher, effects: { mode: 'now', runner: { ...FAST, ...(target ? { targetFor: () => target } : {}), deadlineMs: () => 10_000 } }, ...(target ? { targetFor: () => target } : {}) });
  const app = steward.app;
  const runner = steward.runner!;
  const deps = steward.commands;
  const adapter = createDiscordAdapter({ app: o.wrapApp ? o.wrapApp(app) : app, discord: config.discord!, log, restRetries: 0, ...(o.replyWithinMs !== undefined ? { replyWithinMs: o.replyWithinMs } : {}) });
  publisher.register('discord', adapter.publisher);
  return {
    standIn,
    app,
    deps,
    adapter,
    config,
    db,
    log,
    runner,
    discord: new DiscordSim(standIn, adapter),
    async close() {
      await runner.stop();
      await adapter.stop();
      await adapter.client.destroy();
      await standIn.close();
      await db.close();
    },
  };
}

/** What Discord did with one interaction: Steward's callback, and the messages it created. */
export interface Outcome {
  readonly token: string;
  readonly callback: DiscordCall | undefined;
  /** the interaction's response message (type 4 reply, or the deferred one), as it is now */
  readonly original: StoredMessage | undefined;
  /** follow-up messages (POST /webhooks/{app}/{token}) */
  readonly followUps: DiscordCall[];
}

/**
 * Drives Steward like Discord would: builds each interaction in Discord's JSON format, translates
 * it with parseInteraction (the same types discord.js objects are translated to) and hands it to the
 * adapter's handler; Steward's answers go over discord.js REST to the stand-in.
 */
export class DiscordSim {
  constructor(
    readonly standIn: DiscordRestStandIn,
    readonly adapter: DiscordAdapter,
  ) {}

  async deliver(json: Record<string, unknown>): Promise<Outcome> {
    const token = String(json.token);
    const message = (json.message as { id?: string } | undefined)?.id;
    this.standIn.expectInteraction(String(json.id), token, String(json.channel_id), message);
    const req = parseInteraction(json);
    if (!req) throw new Error(`interaction did not parse: ${JSON.stringify(json).slice(0, 200)}`);
    await this.adapter.handle(req);
    return this.outcome(token);
  }

  outcome(token: string): Outcome {
    const callback = this.standIn.callsOf(CALLBACK).find((c) => c.params.token === token);
    const it = this.standIn.interactions.get(token);
    return { token, callback, original: it?.original ? this.standIn.message(it.original) : undefined, followUps: this.standIn.callsOf(FOLLOW_UP).filter((c) => c.params.token === token) };
  }

  /** `/mlops <text>` typed by `user`. */
  command(text: string, user: DiscordTestUser, w: { channelId?: string; appPermissions?: string } = {}): Promise<Outcome> {
    return this.deliver(slashCommandJson(text, user, w));
  }

  /** Click the button labelled `label` on a message Steward posted, as it is now. */
  click(message: StoredMessage, label: string, user: DiscordTestUser, w: { appPermissions?: string } = {}): Promise<Outcome> {
    const b = buttonsOf(message.components).find((x) => x.label === label);
    if (!b) throw new Error(`no button "${label}" on message ${message.id}: ${JSON.stringify(message.components)}`);
    return this.deliver(buttonJson(b.custom_id, { ...message }, user, w));
  }

  /** Submit the modal a click opened (its custom_id as Steward sent it) with `reason`. */
  submitReason(modalCustomId: string, reason: string, messageId: string, user: DiscordTestUser): Promise<Outcome> {
    return this.deliver(modalSubmitJson(modalCustomId, reason, messageId, user, { channelId: CHANNEL }));
  }
}
