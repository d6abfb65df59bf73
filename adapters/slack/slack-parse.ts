import type { Invocation } from '../../src/ports/invocation.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import { type ActionPayload, decodeAction } from '../../src/chat/replies/reply.js';
import { ACTION_ID_PATTERN, REASON_MODAL_CALLBACK_ID, REASON_ACTION_ID, REASON_BLOCK_ID } from './slack-action-ids.js';

/**
 * Slack's documented payloads -> our types. Pure: no Web API calls (the actor is resolved by the
 * adapter, SlackIdentity) and no guessing: a payload missing a required field parses to null.
 *
 * - slash command: form fields command, text, user_id, user_name, channel_id, team_id, response_url, trigger_id
 * - block_actions: user.id, channel.id, container.message_ts, actions[0].action_id/value, trigger_id, response_url
 * - view_submission: user.id, view.callback_id, view.private_metadata, view.state.values
 */

export interface SlackCommandRequest {
  readonly userId: string;
  readonly userName: string;
  readonly channelId: string;
  readonly teamId: string;
  readonly command: string;
  /** the text after the command, Slack markup unwrapped */
  readonly text: string;
  readonly responseUrl: string;
  readonly triggerId: string;
}

export interface SlackClick {
  readonly userId: string;
  readonly userName: string;
  readonly channelId: string | null;
  readonly messageTs: string | null;
  readonly threadTs: string | null;
  readonly triggerId: string | null;
  readonly responseUrl: string | null;
  readonly actionId: string;
  /** null when the value is not a payload this Steward version understands */
  readonly payload: ActionPayload | null;
}

/** What the reason modal carries through Slack and back (view.private_metadata). */
export interface ReasonMetadata {
  readonly payload: ActionPayload;
  readonly channelId: string | null;
  readonly messageTs: string | null;
  readonly threadTs: string | null;
}

export interface SlackReasonSubmission {
  readonly userId: string;
  readonly userName: string;
  readonly meta: ReasonMetadata | null;
  readonly reason: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

export function parseSlashCommand(body: Obj): SlackCommandRequest | null {
  const userId = str(body.user_id);
  const channelId = str(body.channel_id);
  const command = str(body.command);
  const responseUrl = str(body.response_url);
  if (!userId || !channelId || !command || !responseUrl) return null;
  return {
    userId,
    userName: str(body.user_name) ?? userId,
    channelId,
    teamId: str(body.team_id) ?? '',
    command,
    text: unwrapSlackText(typeof body.text === 'string' ? body.text : ''),
    responseUrl,
    triggerId: str(body.trigger_id) ?? '',
  };
}

export function commandInvocation(req: SlackCommandRequest, actor: Actor): Invocation {
  return { actor, channel: { platform: 'slack', id: req.channelId }, text: `${req.command} ${req.text}`.trim() };
}

export function parseBlockAction(body: Obj): SlackClick | null {
  if (body.type !== 'block_actions') return null;
  const user = obj(body.user);
  const action = obj((Array.isArray(body.actions) ? body.actions : [])[0]);
  const userId = str(user.id);
  const actionId = str(action.action_id);
  if (!userId || !actionId || !ACTION_ID_PATTERN.test(actionId)) return null;
  const container = obj(body.container);
  const message = obj(body.message);
  return {
    userId,
    userName: str(user.username) ?? str(user.name) ?? userId,
    channelId: str(obj(body.channel).id) ?? str(container.channel_id),
    messageTs: str(container.message_ts) ?? str(message.ts),
    threadTs: str(container.thread_ts) ?? str(message.thread_ts),
    triggerId: str(body.trigger_id),
    responseUrl: str(body.response_url),
    actionId,
    payload: typeof action.value === 'string' ? decodeAction(action.value) : null,
  };
}

export function clickInvocation(click: Pick<SlackClick, 'channelId' | 'threadTs' | 'userId'>, payload: ActionPayload, actor: Actor, input?: string): Invocation {
  const channel = { platform: 'slack' as const, id: click.channelId ?? click.userId, ...(click.threadTs ? { threadId: click.threadTs } : {}) };
  return { actor, channel, action: payload, ...(input !== undefined ? { input } : {}) };
}

export function encodeReasonMetadata(m: ReasonMetadata): string {
  return JSON.stringify({ p: m.payload, c: m.channelId, m: m.messageTs, t: m.threadTs });
}

export function decodeReasonMetadata(raw: string): ReasonMetadata | null {
  try {
    const v = obj(JSON.parse(raw));
    const payload = decodeAction(JSON.stringify(v.p));
    if (!payload) return null;
    return { payload, channelId: str(v.c), messageTs: str(v.m), threadTs: str(v.t) };
  } catch {
    return null;
  }
}

export function parseViewSubmission(body: Obj): SlackReasonSubmission | null {
  if (body.type !== 'view_submission') return null;
  const view = obj(body.view);
  const user = obj(body.user);
  const userId = str(user.id);
  if (!userId || view.callback_id !== REASON_MODAL_CALLBACK_ID) return null;
  const input = obj(obj(obj(obj(view.state).values)[REASON_BLOCK_ID])[REASON_ACTION_ID]);
  return {
    userId,
    userName: str(user.username) ?? str(user.name) ?? userId,
    meta: typeof view.private_metadata === 'string' ? decodeReasonMetadata(view.private_metadata) : null,
    reason: (typeof input.value === 'string' ? input.value : '').trim(),
  };
}

/**
 * Slack's markup in message and command text -> what the user typed:
 * `<https://x|label>` -> the label when Slack auto-linked what was typed ("example.com"), else the URL;
 * `<https://x>` -> the URL; `<@U123>` / `<@U123|name>` -> `@U123`; `<#C123|general>` -> `#general`;
 * `<!subteam^S123|@team>` -> `@team`; `<!here>` -> `@here`; `<!date^…|fallback>` -> the fallback;
 * then &lt; &gt; &amp; are unescaped and typographic quotes (“ ” ‘ ’) made straight, so quoting works.
 */
export function unwrapSlackText(text: string): string {
  const unwrapped = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return `@${target.slice(1)}`;
    if (target.startsWith('#')) return `#${label || target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ? (label.startsWith('@') ? label : `@${label}`) : `@${target.slice(9)}`;
    if (target.startsWith('!')) return label || `@${target.slice(1).split('^')[0]}`;
    if (label && [label, `http://${label}`, `https://${label}`, `mailto:${label}`].includes(target)) return label;
    return target;
  });
  return unwrapped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2018\u2019]/g, "'");
}
