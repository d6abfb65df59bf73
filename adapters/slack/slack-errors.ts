const SLACK_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Web API failures -> one code and a message that says what to do. WebClient errors carry
 * `code` (slack_webapi_platform_error, …_request_error, …_http_error, …_rate_limited_error) and,
 * for platform errors, `data.error` (not_in_channel, channel_not_found, invalid_auth, …).
 */
export function slackErrorCode(e: unknown): string {
  const x = (e ?? {}) as { code?: unknown; data?: { error?: unknown }; message?: unknown };
  // Slack's codes are snake_case words; anything else (a proxy echoing the request, token and all) is not shown
  if (x.code === 'slack_webapi_platform_error' && typeof x.data?.error === 'string') return SLACK_CODE.test(x.data.error) ? x.data.error : 'unknown';
  if (x.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (typeof x.message === 'string' && x.message.startsWith('A rate limit was exceeded')) return 'ratelimited';
  if (x.code === 'slack_webapi_request_error') return 'request_error';
  if (x.code === 'slack_webapi_http_error') return 'http_error';
  return 'unknown';
}

/** Slack's own answers that mean "not now" rather than "no". */
const TRANSIENT_CODES = new Set(['ratelimited', 'request_error', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * A failure that may pass if the call is made again later: a 429, a 5xx, no answer, or Slack saying
 * it failed internally. A 4xx or a refusal (not_in_channel, invalid_auth, …) is not.
 */
export function slackRetryable(e: unknown): { retryable: boolean; retryAfterMs?: number } {
  const code = slackErrorCode(e);
  const x = (e ?? {}) as { statusCode?: unknown; retryAfter?: unknown };
  if (code === 'http_error') return { retryable: typeof x.statusCode === 'number' && x.statusCode >= 500 };
  if (!TRANSIENT_CODES.has(code)) return { retryable: false };
  return typeof x.retryAfter === 'number' && x.retryAfter > 0 ? { retryable: true, retryAfterMs: x.retryAfter * 1000 } : { retryable: true };
}

/** The bot cannot post where it was asked to: tell the user to invite it. */
export const NOT_IN_CHANNEL_CODES = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export const AUTH_CODES = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission']);

export function slackErrorMessage(code: string): string {
  if (code === 'is_archived') return 'This channel is archived, so Steward cannot post in it. Run the command in an active channel.';
  if (NOT_IN_CHANNEL_CODES.has(code)) return 'Steward is not a member of this channel, so it cannot post here. Invite it with `/invite @Steward` and try again.';
  if (code === 'ratelimited') return 'Slack is rate-limiting Steward right now. Wait a minute and try again.';
  if (code === 'missing_scope') return 'The Steward Slack app is missing a permission (scope). Ask your Slack admin to reinstall it from slack-app-manifest.yaml.';
  if (AUTH_CODES.has(code)) return "Slack rejected Steward's token. Ask your Steward admin to check SLACK_BOT_TOKEN.";
  if (code === 'request_error' || code === 'http_error') return 'Steward could not reach Slack. Try again in a moment.';
  return `Slack refused the message (${code}). Try again; if it persists, give this code to your Steward admin.`;
}

/** Thrown by SlackAdapter.start: the fix-it line and the process exit status. */
export class SlackStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'SlackStartError';
  }
}

/** auth.test / apps.connections.open failure at start -> a fix-it message naming the env var. */
export function startError(e: unknown, envVar: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string): SlackStartError {
  const code = slackErrorCode(e);
  if (AUTH_CODES.has(code) || code === 'invalid_token' || code === 'not_allowed_token_type') {
    const where = envVar === 'SLACK_BOT_TOKEN' ? 'the Bot User OAuth Token (xoxb-…) on your Slack app\'s "OAuth & Permissions" page (reinstall the app if it was removed)' : 'an app-level token (xapp-…) with the connections:write scope under "Basic Information" > App-Level Tokens';
    return new SlackStartError(`Slack rejected ${envVar} (${code}). Set ${envVar} to ${where}, then start Steward again.`, 2);
  }
  if (code === 'request_error' || code === 'http_error' || code === 'ratelimited') {
    return new SlackStartError(`Steward cannot reach the Slack Web API at ${apiUrl} (${code}). Check the network (and SLACK_API_URL if set), then start again.`, 4);
  }
  return new SlackStartError(`Slack refused to start the connection (${code}). Check ${envVar} and the app's settings, then start again.`, 2);
}
