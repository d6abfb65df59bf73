/** One recorded REST call. `route` names the endpoint with its parameters as {placeholders}. */
export interface DiscordCall {
  readonly method: string;
  readonly path: string;
  /** e.g. "POST /channels/{channel}/messages" */
  readonly route: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  /** the JSON body (the payload_json part of a multipart request) */
  readonly body: Record<string, unknown>;
  readonly files: { field: string; name: string; contentType: string; bytes: number }[];
  /** the token of "Authorization: Bot <token>", null when none was sent (interaction endpoints) */
  readonly token: string | null;
  readonly at: number;
  status?: number;
  response?: unknown;
}

export type DiscordFailure = { status: 429; retryAfter: number; global?: boolean } | { status: number; code: number; message: string };

export interface StoredMessage {
  id: string;
  channel_id: string;
  embeds: unknown[];
  components: unknown[];
  attachments: { id: string; filename: string; size: number; content_type: string; description?: string }[];
  flags: number;
  interaction?: string;
  deleted?: boolean;
}

export interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  /** the callback type Steward answered with (4 reply, 5 deferred reply, 6 deferred update, 9 modal) */
  callback?: number;
  original?: string;
  /** a component interaction: the message the button is on (the "original" after a deferred update) */
  componentMessage?: string;
  /** a deferred reply not yet edited: the first follow-up replaces it (Discord's documented quirk) */
  pendingDefer?: boolean;
}

export interface DiscordStandInOptions {
  /** the bot token it accepts ("Authorization: Bot <token>"); anything else gets 401 */
  readonly token: string;
  readonly applicationId: string;
  readonly botUser?: { id: string; username: string };
  /** channels the bot cannot use: 50001 Missing Access, 50013 Missing Permissions, 10003 Unknown Channel */
  readonly channelErrors?: Record<string, 'missing_access' | 'missing_permissions' | 'unknown_channel'>;
}

/** The routes the stand-in answers, named with their parameters as {placeholders}. */
export const ROUTES: [string, RegExp][] = [
  ['GET /applications/@me', /^\/applications\/@me$/],
  ['GET /users/@me', /^\/users\/@me$/],
  ['GET /gateway/bot', /^\/gateway\/bot$/],
  ['PUT /applications/{app}/commands', /^\/applications\/(?<app>\d+)\/commands$/],
  ['PUT /applications/{app}/guilds/{guild}/commands', /^\/applications\/(?<app>\d+)\/guilds\/(?<guild>\d+)\/commands$/],
  ['POST /channels/{channel}/messages', /^\/channels\/(?<channel>\d+)\/messages$/],
  ['PATCH /channels/{channel}/messages/{message}', /^\/channels\/(?<channel>\d+)\/messages\/(?<message>\d+)$/],
  ['POST /interactions/{id}/{token}/callback', /^\/interactions\/(?<id>\d+)\/(?<token>[^/]+)\/callback$/],
  ['PATCH /webhooks/{app}/{token}/messages/@original', /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)\/messages\/@original$/],
  ['DELETE /webhooks/{app}/{token}/messages/@original', /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)\/messages\/@original$/],
  ['POST /webhooks/{app}/{token}', /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)$/],
];

export const CHANNEL_ERRORS = {
  missing_access: { status: 403, code: 50001, message: 'Missing Access' },
  missing_permissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  unknown_channel: { status: 404, code: 10003, message: 'Unknown Channel' },
} as const;

/** A stored message as Discord returns it (APIMessage). */
export function messageJson(m: StoredMessage, base: string, bot: { id: string; username: string }, applicationId: string): unknown {
  return {
    id: m.id,
    channel_id: m.channel_id,
    type: m.interaction ? 20 : 0,
    content: '',
    embeds: m.embeds,
    components: m.components,
    attachments: m.attachments.map((a) => ({ ...a, url: `${base}/attachments/${m.channel_id}/${a.id}/${a.filename}`, proxy_url: `${base}/attachments/${a.id}` })),
    author: { ...bot, discriminator: '0', bot: true, avatar: null, global_name: null },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: m.flags,
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    ...(m.interaction ? { webhook_id: applicationId, application_id: applicationId } : {}),
  };
}

/** A modal (callback type 9): custom_id ≤100, title ≤45, 1–5 components, text inputs with custom_id, label ≤45. */
export function modalProblems(d: Record<string, unknown>): string[] {
  const p: string[] = [];
  const id = String(d.custom_id ?? '');
  if (!id || id.length > 100) p.push(`custom_id: ${id.length} characters (1–100)`);
  const title = String(d.title ?? '');
  if (!title || title.length > 45) p.push(`title: ${title.length} characters (1–45)`);
  const comps = Array.isArray(d.components) ? (d.components as Record<string, unknown>[]) : [];
  if (!comps.length || comps.length > 5) p.push(`components: ${comps.length} (1–5)`);
  for (const c of comps) {
    const inner = (c.type === 18 ? [c.component] : c.type === 1 ? (c.components as unknown[]) : []) as Record<string, unknown>[];
    const label = String(c.type === 18 ? c.label : (inner[0]?.label ?? ''));
    if (!label || label.length > 45) p.push(`label: ${label.length} characters (1–45)`);
    if (inner.length !== 1 || inner[0]?.type !== 4 || !inner[0]?.custom_id) p.push('a modal row holds one text input with a custom_id');
  }
  return p;
}

export async function decodeBody(raw: Buffer, contentType: string): Promise<{ body: Record<string, unknown>; files: DiscordCall['files'] }> {
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: DiscordCall['files'] = [];
    let body: Record<string, unknown> = {};
    for (const [field, v] of form) {
      if (field === 'payload_json' && typeof v === 'string') body = JSON.parse(v) as Record<string, unknown>;
      else if (v instanceof Blob) files.push({ field, name: (v as File).name, contentType: v.type, bytes: v.size });
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, files: [] };
}
