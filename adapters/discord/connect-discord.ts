import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import type { DiscordConfig } from '../../src/config/discord-config.js';
import type { MultiPublisher } from '../../src/chat/replies/publisher.js';
import { createDiscordAdapter, type DiscordAdapter } from './discord-adapter.js';
import { DiscordStartError } from './discord-errors.js';
import { COMMAND_NAME } from './discord-parse.js';

export type DiscordConnection = { ok: true; adapter: DiscordAdapter; banner: string } | { ok: false; message: string; exitCode: number };

/**
 * For `steward start`: build the Discord adapter, register its publisher under 'discord' (cards,
 * reports and events reach Discord through it), check the token and connect to the gateway.
 * A bad token is a fix-it message and an exit status, not a stack trace.
 */
export async function connectDiscord(app: StewardApp, discord: DiscordConfig, publisher: MultiPublisher, log: Logger): Promise<DiscordConnection> {
  const adapter = createDiscordAdapter({ app, discord, log });
  publisher.register('discord', adapter.publisher);
  try {
    const who = await adapter.start();
    return { ok: true, adapter, banner: `Connected to Discord as ${who.botName} (application "${who.application}"). If /${COMMAND_NAME} does not appear in your server, run: steward discord register-commands` };
  } catch (e) {
    if (e instanceof DiscordStartError) return { ok: false, message: e.message, exitCode: e.exitCode };
    throw e;
  }
}
