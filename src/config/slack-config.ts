import { z } from 'zod';
import { envWholeNumber } from './env-number.js';
import type { ConfigProblem } from './config.js';

/** How Steward talks to Slack; null in Config when no Slack token is set. Tokens never reach a log. */
export interface SlackConfig {
  /** http: Slack POSTs to <public URL>/slack/events (signing secret); socket: Steward dials out (app token) */
  readonly mode: 'http' | 'socket';
  readonly botToken: string;
  readonly signingSecret: string | null;
  readonly appToken: string | null;
  /** the slash command, e.g. "/mlops" */
  readonly command: string;
  /** Web API base URL ending in "/" (tests point it at a local stand-in) */
  readonly apiUrl: string;
  /** how long user names and user-group memberships are cached */
  readonly identityTtlMs: number;
}

export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

export const slackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-\S+$/, 'SLACK_BOT_TOKEN is the Bot User OAuth Token (starts with xoxb-) from your Slack app\'s "OAuth & Permissions" page').optional(),
  // any non-empty word: Slack's own documentation signs with a secret that is not hex
  SLACK_SIGNING_SECRET: z.string().regex(/^\S+$/, 'SLACK_SIGNING_SECRET is the "Signing Secret" from your Slack app\'s "Basic Information" page, copied whole without spaces or line breaks').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-\S+$/, 'SLACK_APP_TOKEN is an app-level token with connections:write (starts with xapp-) from "Basic Information" > App-Level Tokens').optional(),
  SLACK_MODE: z.enum(['http', 'socket'], 'SLACK_MODE is http (Slack calls Steward\'s /slack/events URL) or socket (Socket Mode, no public URL)').optional(),
  SLACK_COMMAND: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'SLACK_COMMAND is the slash command as created in Slack, e.g. /mlops').default('/mlops'),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'SLACK_API_URL is an http(s) URL of the Slack Web API (leave unset for https://slack.com/api/)' }).optional(),
  SLACK_IDENTITY_TTL_SECONDS: envWholeNumber('SLACK_IDENTITY_TTL_SECONDS', 0, 86_400, 60).default(60),
});

/** Every Slack setting from the environment: null when SLACK_BOT_TOKEN is unset and nothing else asks for Slack. */
export function resolveSlackConfig(env: Record<string, string | undefined>): { slack: SlackConfig | null; problems: ConfigProblem[] } {
  const parsed = slackEnvSchema.safeParse(env);
  if (!parsed.success) {
    // never echo a token back: name the field and the fix only
    return { slack: null, problems: parsed.error.issues.map((i) => ({ where: `env: ${String(i.path[0] ?? 'SLACK')}`, message: i.message })) };
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN || e.SLACK_MODE) {
      problems.push({ where: 'env: SLACK_BOT_TOKEN', message: 'Slack settings are present but SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions", or unset the other SLACK_* variables' });
    }
    return { slack: null, problems };
  }
  const mode = e.SLACK_MODE ?? (e.SLACK_SIGNING_SECRET || !e.SLACK_APP_TOKEN ? 'http' : 'socket');
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) {
    problems.push({ where: 'env: SLACK_SIGNING_SECRET', message: 'HTTP mode needs SLACK_SIGNING_SECRET (the "Signing Secret" on "Basic Information"); or set SLACK_MODE=socket with SLACK_APP_TOKEN' });
  }
  if (mode === 'http' && e.SLACK_SIGNING_SECRET && !env.STEWARD_HTTP_PORT) {
    problems.push({ where: 'env: STEWARD_HTTP_PORT', message: 'Slack HTTP mode needs STEWARD_HTTP_PORT, the port Slack\'s requests reach (e.g. 3000, behind your HTTPS proxy, with STEWARD_HTTP_HOST=0.0.0.0 in a container); or set SLACK_MODE=socket with SLACK_APP_TOKEN' });
  }
  if (mode === 'socket' && !e.SLACK_APP_TOKEN) {
    problems.push({ where: 'env: SLACK_APP_TOKEN', message: 'Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write, "Basic Information" > App-Level Tokens)' });
  }
  if (problems.length) return { slack: null, problems };
  const apiUrl = e.SLACK_API_URL ?? SLACK_DEFAULT_API_URL;
  return {
    slack: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      command: e.SLACK_COMMAND,
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      identityTtlMs: e.SLACK_IDENTITY_TTL_SECONDS * 1000,
    },
    problems,
  };
}
