import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { EXIT } from '../chat/exit-codes.js';
import { ExitError, loadOrExit } from './load-or-exit.js';

const NOT_CONFIGURED = 'steward: Discord is not configured. Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see "Connect to Discord" in the README), then run this again.';

/** `steward discord register-commands` and `steward discord invite-url`. discord.js is loaded only when one runs. */
export function registerDiscordCommands(program: Command, io: CliIo, env: Record<string, string | undefined>): void {
  const discord = program.command('discord').description('Set up the Discord bot: register /mlops, print the invite link.');
  discord
    .command('register-commands')
    .description('Register the /mlops slash command: in DISCORD_GUILD_ID (or --guild) at once, otherwise globally.')
    .option('--guild <id>', 'register in this server only (appears at once)')
    .option('--global', 'register globally even when DISCORD_GUILD_ID is set')
    .action(async (o: { guild?: string; global?: boolean }) => {
      const code = await registerCommandsCommand(io, env, o);
      if (code) throw new ExitError(code);
    });
  discord
    .command('invite-url')
    .description('Print the link that adds the bot to a server with the permissions Steward needs.')
    .action(async () => {
      const config = loadOrExit(io, env);
      if (!config.discord) {
        io.err(NOT_CONFIGURED);
        throw new ExitError(EXIT.badInput);
      }
      const { inviteUrl } = await import('../../adapters/discord/discord-commands.js');
      io.out(inviteUrl(config.discord.applicationId, config.discord.guildId));
    });
}

export async function registerCommandsCommand(io: CliIo, env: Record<string, string | undefined>, o: { guild?: string; global?: boolean }): Promise<number> {
  const config = loadOrExit(io, env);
  if (!config.discord) {
    io.err(NOT_CONFIGURED);
    return EXIT.badInput;
  }
  if (o.guild !== undefined && !/^\d{17,20}$/.test(o.guild)) {
    io.err(`steward: --guild takes a server id (17–20 digits; enable Developer Mode, right-click the server > Copy Server ID), not "${o.guild}".`);
    return EXIT.badInput;
  }
  const [{ REST }, { inviteUrl, registerCommands }, { discordErrorCode }] = await Promise.all([import('discord.js'), import('../../adapters/discord/discord-commands.js'), import('../../adapters/discord/discord-errors.js')]);
  const { applicationId, apiUrl, token } = config.discord;
  const guild = o.global ? null : (o.guild ?? config.discord.guildId);
  const rest = new REST({ api: apiUrl, retries: 1, timeout: 15_000 }).setToken(token);
  const invite = inviteUrl(applicationId, guild);
  try {
    const cmds = await registerCommands(rest, applicationId, guild);
    io.out(guild ? `Registered ${cmds.map((c) => `/${c.name}`).join(', ')} in server ${guild}: it is available there now.` : `Registered ${cmds.map((c) => `/${c.name}`).join(', ')} globally: it can take a few minutes to appear in every server.`);
    io.out(`Add the bot to a server (scopes bot + applications.commands, with the permissions it needs): ${invite}`);
    return EXIT.ok;
  } catch (e) {
    const code = discordErrorCode(e);
    if (code === 'http_401') io.err('steward: Discord rejected DISCORD_TOKEN (401 Unauthorized). Set it to the bot token from the Developer Portal > your application > Bot > Reset Token.');
    else if (code === '50001' && guild) io.err(`steward: the bot is not in server ${guild} (Missing Access). Add it with ${invite} then run this again.`);
    else if (code === '50001' || code === '10002') io.err(`steward: DISCORD_APPLICATION_ID ${applicationId} is not the application of DISCORD_TOKEN (${code}). Copy both from the same application in the Developer Portal.`);
    else if (code === 'request_error' || code === 'timeout' || code.startsWith('http_5')) {
      io.err(`steward: cannot reach the Discord API at ${apiUrl} (${code}). Check the network (and DISCORD_API_URL if set), then try again.`);
      return EXIT.unavailable;
    } else io.err(`steward: Discord refused to register the command (${code}). Check DISCORD_APPLICATION_ID and the bot's settings, then try again.`);
    return EXIT.badInput;
  }
}
