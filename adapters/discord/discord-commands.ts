import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, type REST, Routes } from 'discord.js';
import { COMMAND_NAME, COMMAND_OPTION } from './discord-parse.js';

/**
 * `/mlops` as one slash command with one string option, `command`: the rest of the line
 * ("deploy fraud-detector 7 to production"), parsed by Steward's own command language, so every
 * verb works without registering each one. Servers only (approvals and cards live in channels).
 */
export const MLOPS_COMMAND = {
  name: COMMAND_NAME,
  type: ApplicationCommandType.ChatInput,
  description: 'Steward: models, deploys, approvals, drift and bias reports',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: COMMAND_OPTION,
      description: 'e.g. "deploy fraud-detector 7 to production", "status", or "help"',
      required: false,
      max_length: 2000,
    },
  ],
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} as const;

/** What the bot needs in a channel: see it, post and edit its cards (embeds, chart files), in threads too. */
export const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ReadMessageHistory;

/** The OAuth2 URL that adds the bot to a server with the slash command and those permissions. */
export function inviteUrl(applicationId: string, guildId?: string | null): string {
  const q = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: String(BOT_PERMISSIONS), ...(guildId ? { guild_id: guildId } : {}) });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}

/**
 * Register (overwrite) Steward's commands: in one server (available at once) or globally (every
 * server the bot is in). PUT replaces the whole list, so running it again is safe.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId: string | null): Promise<{ id: string; name: string }[]> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: [MLOPS_COMMAND] })) as { id: string; name: string }[];
}
