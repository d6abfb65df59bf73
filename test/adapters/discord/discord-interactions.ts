import { fixture } from './discord-test-helpers.js';

/**
 * Interactions in Discord's documented JSON format (the recorded fixtures in test/fixtures/discord
 * with their ids, user, roles, text and payload replaced): what the gateway delivers as
 * INTERACTION_CREATE `d`.
 */
type Json = Record<string, unknown>;
const TEMPLATES = { command: fixture('slash-command.json'), button: fixture('button-click.json'), modal: fixture('modal-submit.json') };

export const APP_ID = '1100000000000000001';
export const GUILD = '1200000000000000001';
export const CHANNEL = '1300000000000000001';
/** everything a bot may do in a channel (app_permissions), as Discord sends it */
export const ALL_PERMISSIONS = '2248473465835073';
/** the same without View Channel (1 << 10) */
export const NO_VIEW_CHANNEL = String(BigInt(ALL_PERMISSIONS) & ~(1n << 10n));

export interface DiscordTestUser {
  readonly id: string;
  readonly username: string;
  readonly nick?: string;
  readonly roles: readonly string[];
}

let seq = 0n;
/** A fresh interaction id and token (a token is only good for its own interaction). */
export function nextInteraction(): { id: string; token: string } {
  seq += 1n;
  const id = String(1_600_000_000_000_100_000n + seq);
  return { id, token: `aW50ZXJhY3Rpb24${id}dG9rZW4` };
}

interface Where {
  readonly channelId?: string;
  readonly appPermissions?: string;
}

function member(u: DiscordTestUser): Json {
  const m = TEMPLATES.command.member as Json;
  return { ...m, nick: u.nick ?? null, roles: [...u.roles], user: { ...(m.user as Json), id: u.id, username: u.username, global_name: null } };
}

function base(kind: keyof typeof TEMPLATES, u: DiscordTestUser, w: Where): Json {
  const t = TEMPLATES[kind];
  const channelId = w.channelId ?? CHANNEL;
  return { ...t, ...nextInteraction(), application_id: APP_ID, channel_id: channelId, channel: { ...(t.channel as Json), id: channelId }, guild_id: GUILD, member: member(u), app_permissions: w.appPermissions ?? ALL_PERMISSIONS };
}

/** `/mlops command:<text>` typed by `u`. */
export function slashCommandJson(text: string, u: DiscordTestUser, w: Where = {}): Json {
  const data = TEMPLATES.command.data as Json;
  return { ...base('command', u, w), data: { ...data, options: text ? [{ name: 'command', type: 3, value: text }] : [] } };
}

/** `u` clicks the button with `customId` on `message` (as Steward posted it). */
export function buttonJson(customId: string, message: { id: string; channel_id: string; components: unknown; embeds: unknown }, u: DiscordTestUser, w: Where = {}): Json {
  const t = TEMPLATES.button;
  return { ...base('button', u, { channelId: message.channel_id, ...w }), data: { component_type: 2, custom_id: customId }, message: { ...(t.message as Json), id: message.id, channel_id: message.channel_id, components: message.components, embeds: message.embeds } };
}

/** `u` submits the reason modal Steward opened (its custom_id) from the card `messageId`. */
export function modalSubmitJson(customId: string, reason: string, messageId: string, u: DiscordTestUser, w: Where = {}): Json {
  const t = TEMPLATES.modal;
  return {
    ...base('modal', u, w),
    data: { custom_id: customId, components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'reason', value: reason } }] },
    message: { ...(t.message as Json), id: messageId, channel_id: w.channelId ?? CHANNEL },
  };
}
