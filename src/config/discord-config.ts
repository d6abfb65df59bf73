import { z } from 'zod';
import type { ConfigProblem } from './config.js';

/** How Steward talks to Discord; null in Config when DISCORD_TOKEN is not set. The token never reaches a log. */
export interface DiscordConfig {
  /** the bot token (Developer Portal > your application > Bot > Reset Token) */
  readonly token: string;
  /** the application id (Developer Portal > General Information > Application ID) */
  readonly applicationId: string;
  /** register /mlops in this server only (appears at once); null: register it globally */
  readonly guildId: string | null;
  /** REST API base without the version, e.g. https://discord.com/api (tests point it at a local stand-in) */
  readonly apiUrl: string;
}

export const DISCORD_DEFAULT_API_URL = 'https://discord.com/api';

const snowflake = /^\d{17,20}$/;

export const discordEnvSchema = z.object({
  // a bot token is three dot-separated base64url parts; "Bot …" or an OAuth client secret are common mistakes
  DISCORD_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}$/, 'DISCORD_TOKEN is the bot token from the Discord Developer Portal > your application > Bot > Reset Token (three parts separated by dots, without a "Bot " prefix)')
    .optional(),
  DISCORD_APPLICATION_ID: z.string().regex(snowflake, 'DISCORD_APPLICATION_ID is the numeric Application ID from the Developer Portal > your application > General Information').optional(),
  DISCORD_GUILD_ID: z.string().regex(snowflake, 'DISCORD_GUILD_ID is the numeric id of your Discord server (enable Developer Mode, right-click the server > Copy Server ID); leave it unset to register /mlops globally').optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'DISCORD_API_URL is an http(s) URL of the Discord REST API without the version (leave unset for https://discord.com/api)' }).optional(),
});

/** Every Discord setting from the environment: null when DISCORD_TOKEN and DISCORD_APPLICATION_ID are both unset. */
export function resolveDiscordConfig(env: Record<string, string | undefined>): { discord: DiscordConfig | null; problems: ConfigProblem[] } {
  const parsed = discordEnvSchema.safeParse(env);
  if (!parsed.success) {
    // never echo a token back: name the field and the fix only
    return { discord: null, problems: parsed.error.issues.map((i) => ({ where: `env: ${String(i.path[0] ?? 'DISCORD')}`, message: i.message })) };
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  if (!e.DISCORD_TOKEN && (e.DISCORD_APPLICATION_ID || e.DISCORD_GUILD_ID)) {
    problems.push({ where: 'env: DISCORD_TOKEN', message: 'Discord settings are present but DISCORD_TOKEN is not set; copy the bot token from the Developer Portal > Bot > Reset Token, or unset the other DISCORD_* variables' });
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    problems.push({ where: 'env: DISCORD_APPLICATION_ID', message: 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not; copy the Application ID from the Developer Portal > General Information' });
  }
  if (problems.length || !e.DISCORD_TOKEN || !e.DISCORD_APPLICATION_ID) return { discord: null, problems };
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID ?? null,
      apiUrl: (e.DISCORD_API_URL ?? DISCORD_DEFAULT_API_URL).replace(/\/+$/, ''),
    },
    problems,
  };
}
