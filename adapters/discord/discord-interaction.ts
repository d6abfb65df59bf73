import { GuildMember, type Interaction } from 'discord.js';
import { decodeAction } from '../../src/chat/replies/reply.js';
import { COMMAND_OPTION, type DiscordRequest, type DiscordUser, REASON_INPUT_ID, unwrapDiscordText } from './discord-parse.js';

/**
 * discord.js interaction objects -> our own types (the same ones parseInteraction makes from the
 * documented JSON). The only place Steward reads a discord.js interaction: everything after this
 * works on DiscordRequest, so the handlers are tested without a gateway connection.
 *
 * The member is a GuildMember when the server is cached (roles from member.roles.cache, without
 * @everyone) or the raw API member when it is not (member.roles is then the id list itself).
 */
export function fromDiscordJs(i: Interaction): DiscordRequest | null {
  if (!i.channelId) return null;
  const m = i.member;
  const guildMember = m instanceof GuildMember ? m : null;
  const rawMember = m && !guildMember ? (m as { nick?: string | null; roles?: unknown }) : null;
  const roleIds = guildMember ? [...guildMember.roles.cache.keys()] : Array.isArray(rawMember?.roles) ? (rawMember.roles as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const user: DiscordUser = {
    id: i.user.id,
    username: i.user.username,
    displayName: (guildMember ? guildMember.nickname : rawMember?.nick) || i.user.globalName || i.user.username,
  };
  const base = {
    id: i.id,
    token: i.token,
    applicationId: i.applicationId,
    user,
    roleIds: roleIds.filter((r) => r !== i.guildId),
    channelId: i.channelId,
    guildId: i.guildId,
    appPermissions: i.appPermissions?.bitfield ?? null,
  };
  if (i.isChatInputCommand()) return { ...base, kind: 'command', commandName: i.commandName, text: unwrapDiscordText(i.options.getString(COMMAND_OPTION) ?? '') };
  if (i.isButton()) return { ...base, kind: 'button', customId: i.customId, payload: decodeAction(i.customId), messageId: i.message?.id ?? null };
  if (i.isModalSubmit()) {
    let reason = '';
    try {
      reason = i.fields.getTextInputValue(REASON_INPUT_ID) ?? '';
    } catch {
      /* not our modal: no reason field */
    }
    return { ...base, kind: 'modal', customId: i.customId, payload: decodeAction(i.customId), reason: reason.trim(), messageId: i.message?.id ?? null };
  }
  return null;
}
