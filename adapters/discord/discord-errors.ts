import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

/**
 * REST failures -> one code and a message that says what to do. discord.js's REST client throws
 * DiscordAPIError (Discord answered with a JSON error: `code` like 50001, and `status`), HTTPError
 * (a 5xx after its retries), RateLimitError (only if told to reject on rate limits; otherwise it
 * waits out a 429 itself), or a network error.
 */
export function discordErrorCode(e: unknown): string {
  if (e instanceof DiscordAPIError) return typeof e.code === 'number' && e.code !== 0 ? String(e.code) : `http_${e.status}`;
  if (e instanceof RateLimitError) return 'ratelimited';
  if (e instanceof HTTPError) return `http_${e.status}`;
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  return 'request_error';
}

/** A failure that may pass if the call is made again later: a 429, a 5xx, a timeout or no answer. */
export function discordRetryable(e: unknown): { retryable: boolean; retryAfterMs?: number } {
  const code = discordErrorCode(e);
  if (e instanceof RateLimitError) return e.retryAfter > 0 ? { retryable: true, retryAfterMs: e.retryAfter } : { retryable: true };
  return { retryable: code === 'ratelimited' || code === 'request_error' || code === 'timeout' || code === 'http_429' || code.startsWith('http_5') };
}

/** The bot cannot see or post in the channel: tell the user to add it / give it the permission. */
export const NO_ACCESS_CODES = new Set(['50001', '10003', '50013']);
export const AUTH_CODES = new Set(['http_401', '40001']);

export function discordErrorMessage(code: string): string {
  if (code === '50001' || code === '10003') {
    return 'Steward cannot see this channel, so it cannot post or update messages here. Add the Steward bot to this server (its invite link is printed by `steward discord register-commands`) and give its role View Channel and Send Messages in this channel.';
  }
  if (code === '50013') return "Steward is missing a permission in this channel. Give the Steward bot's role Send Messages, Embed Links and Attach Files here (channel settings > Permissions).";
  if (code === '10008') return 'That message no longer exists (it was deleted), so Steward cannot update it.';
  if (code === '10062' || code === '10015') return 'That interaction expired before Steward could answer (Discord allows 3 seconds, then 15 minutes). Run the command again.';
  if (code === '50035') return 'Discord refused the message as malformed (50035). Give this code to your Steward admin.';
  if (code === 'ratelimited') return 'Discord is rate-limiting Steward right now. Wait a minute and try again.';
  if (AUTH_CODES.has(code)) return "Discord rejected Steward's token. Ask your Steward admin to check DISCORD_TOKEN.";
  if (code === 'request_error' || code === 'timeout' || code.startsWith('http_5')) return 'Steward could not reach Discord. Try again in a moment.';
  return `Discord refused the request (${code}). Try again; if it persists, give this code to your Steward admin.`;
}

/** Thrown by DiscordAdapter.start: the fix-it line and the process exit status. */
export class DiscordStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'DiscordStartError';
  }
}

const TOKEN_FIX = 'Set DISCORD_TOKEN to the bot token from the Discord Developer Portal > your application > Bot > Reset Token, then start Steward again.';

/** A failure checking the token (GET /applications/@me) or logging in to the gateway -> a fix-it message naming the env var. */
export function startError(e: unknown, apiUrl: string): DiscordStartError {
  const code = discordErrorCode(e);
  const tokenInvalid = (e as { code?: unknown } | null)?.code === 'TokenInvalid';
  if (AUTH_CODES.has(code) || tokenInvalid) return new DiscordStartError(`Discord rejected DISCORD_TOKEN (401 Unauthorized). ${TOKEN_FIX}`, 2);
  if (code === 'request_error' || code === 'timeout' || code.startsWith('http_5') || code === 'ratelimited') {
    return new DiscordStartError(`Steward cannot reach the Discord API at ${apiUrl} (${code}). Check the network (and DISCORD_API_URL if set), then start again.`, 4);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new DiscordStartError(`Discord refused to start the connection (${code}: ${msg}). Check DISCORD_TOKEN and the application's settings in the Developer Portal, then start again.`, 2);
}
