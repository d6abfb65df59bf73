import type { Invocation } from '../../src/ports/invocation.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import { type ActionPayload, decodeAction } from '../../src/chat/replies/reply.js';

/**
 * Our own minimal types for the parts of a Discord interaction Steward uses, and Discord's
 * documented interaction JSON -> those types. Pure, no guessing: an interaction missing a required
 * field parses to null. discord.js objects are translated to the same types in discord-interaction.ts.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 *
 * - slash command (type 2): data.name, data.options[name=command].value, member.user | user,
 *   member.roles, member.nick, channel_id, guild_id
 * - button (type 3): data.custom_id (the encoded action payload), message.id
 * - modal submit (type 5): data.custom_id (the button's payload), data.components -> the reason input
 */

/** The slash command and its one string option. */
export const COMMAND_NAME = 'mlops';
export const COMMAND_OPTION = 'command';
/** The reason modal's text input. */
export const REASON_INPUT_ID = 'reason';

export interface DiscordUser {
  readonly id: string;
  readonly username: string;
  /** server nickname, else global display name, else username */
  readonly displayName: string;
}

interface Base {
  /** for responding: POST /interactions/{id}/{token}/callback, then /webhooks/{applicationId}/{token} */
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly user: DiscordUser;
  /** the member's role ids in this server (not @everyone); empty in a DM */
  readonly roleIds: readonly string[];
  readonly channelId: string;
  readonly guildId: string | null;
  /** what the bot may do in this channel (app_permissions), null when Discord did not say */
  readonly appPermissions: bigint | null;
}

export interface DiscordCommand extends Base {
  readonly kind: 'command';
  readonly commandName: string;
  /** the `command` option: the rest of the line, Discord markup unwrapped */
  readonly text: string;
}

export interface DiscordClick extends Base {
  readonly kind: 'button';
  readonly customId: string;
  /** null when the custom_id is not a payload this Steward version understands */
  readonly payload: ActionPayload | null;
  /** the message the button is on */
  readonly messageId: string | null;
}

export interface DiscordReasonSubmit extends Base {
  readonly kind: 'modal';
  readonly customId: string;
  readonly payload: ActionPayload | null;
  readonly reason: string;
  /** the message whose button opened the modal */
  readonly messageId: string | null;
}

export type DiscordRequest = DiscordCommand | DiscordClick | DiscordReasonSubmit;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function perms(v: unknown): bigint | null {
  try {
    return typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : null;
  } catch {
    return null;
  }
}

/** Documented interaction JSON -> our types; null for kinds Steward does not handle or a payload missing what it needs. */
export function parseInteraction(raw: unknown): DiscordRequest | null {
  const i = obj(raw);
  const member = obj(i.member);
  const u = obj(i.member ? member.user : i.user);
  const id = str(i.id);
  const token = str(i.token);
  const applicationId = str(i.application_id);
  const userId = str(u.id);
  const channelId = str(i.channel_id) ?? str(obj(i.channel).id);
  if (!id || !token || !applicationId || !userId || !channelId) return null;
  const guildId = str(i.guild_id);
  const base: Base = {
    id,
    token,
    applicationId,
    user: { id: userId, username: str(u.username) ?? userId, displayName: str(member.nick) ?? str(u.global_name) ?? str(u.username) ?? userId },
    roleIds: arr(member.roles).filter((r): r is string => typeof r === 'string' && r !== guildId),
    channelId,
    guildId,
    appPermissions: perms(i.app_permissions),
  };
  const data = obj(i.data);
  if (i.type === 2 && data.type === 1) {
    const name = str(data.name);
    if (!name) return null;
    const option = arr(data.options).map(obj).find((o) => o.name === COMMAND_OPTION);
    return { ...base, kind: 'command', commandName: name, text: unwrapDiscordText(typeof option?.value === 'string' ? option.value : '') };
  }
  if (i.type === 3 && data.component_type === 2) {
    const customId = str(data.custom_id);
    if (!customId) return null;
    return { ...base, kind: 'button', customId, payload: decodeAction(customId), messageId: str(obj(i.message).id) };
  }
  if (i.type === 5) {
    const customId = str(data.custom_id);
    if (!customId) return null;
    return { ...base, kind: 'modal', customId, payload: decodeAction(customId), reason: (textInputValue(data.components, REASON_INPUT_ID) ?? '').trim(), messageId: str(obj(i.message).id) };
  }
  return null;
}

/** A text input's value in a modal submission: inside action rows (type 1) or labels (type 18). */
function textInputValue(components: unknown, customId: string): string | null {
  for (const c of arr(components).map(obj)) {
    if (c.custom_id === customId && typeof c.value === 'string') return c.value;
    const inner = [...arr(c.components), ...(c.component ? [c.component] : [])];
    const v = inner.length ? textInputValue(inner, customId) : null;
    if (v !== null) return v;
  }
  return null;
}

/** Discord user -> Actor; the member's roles are identity keys "discord-role:<id>" (they come with the interaction). */
export function discordActor(r: Pick<Base, 'user' | 'roleIds'>): Actor {
  return { platform: 'discord', id: r.user.id, displayName: r.user.displayName, ...(r.roleIds.length ? { groups: r.roleIds.map((id) => `discord-role:${id}`) } : {}) };
}

export function commandInvocation(c: DiscordCommand, prefix = `/${COMMAND_NAME}`): Invocation {
  return { actor: discordActor(c), channel: { platform: 'discord', id: c.channelId }, text: `${prefix} ${c.text}`.trim() };
}

export function clickInvocation(c: DiscordClick | DiscordReasonSubmit, payload: ActionPayload, input?: string): Invocation {
  return { actor: discordActor(c), channel: { platform: 'discord', id: c.channelId }, action: payload, ...(input !== undefined ? { input } : {}) };
}

/**
 * What Discord puts in an option for what the user typed: `<@123>` / `<@!123>` -> `@123`,
 * `<@&456>` -> `@&456`, `<#789>` -> `#789`, `<:name:id>` -> `:name:`; typographic quotes (phones
 * type “ ” ‘ ’) made straight so quoting works.
 */
export function unwrapDiscordText(text: string): string {
  return text
    .replace(/<@!?(\d+)>/g, '@$1')
    .replace(/<@&(\d+)>/g, '@&$1')
    .replace(/<#(\d+)>/g, '#$1')
    .replace(/<a?(:\w+:)\d+>/g, '$1')
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .trim();
}
