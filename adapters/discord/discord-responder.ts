import { type APIMessage, InteractionResponseType, type REST, Routes } from 'discord.js';
import { EPHEMERAL_FLAG } from './discord-limits.js';
import { restFiles } from './discord-publisher.js';
import type { DiscordMessage } from './discord-render.js';
import type { DiscordModal } from './discord-reason-modal.js';

/**
 * Answers one interaction over REST with the documented endpoints (what discord.js's
 * interaction.reply/deferReply/… call), so the handlers work on our own DiscordRequest and the same
 * code runs against Discord and the stand-in. Interaction endpoints take the interaction token, not
 * the bot token. The first answer (callback) must come within 3 s; the token then lasts 15 min.
 */
export class InteractionResponder {
  constructor(
    private readonly rest: REST,
    private readonly i: { readonly id: string; readonly token: string; readonly applicationId: string },
  ) {}

  private callback(type: InteractionResponseType, data?: object, msg?: DiscordMessage, withResponse = false): Promise<unknown> {
    return this.rest.post(Routes.interactionCallback(this.i.id, this.i.token), {
      auth: false,
      body: { type, ...(data ? { data } : {}) },
      ...(msg?.files.length ? { files: restFiles(msg) } : {}),
      ...(withResponse ? { query: new URLSearchParams({ with_response: 'true' }) } : {}),
    });
  }

  /** CHANNEL_MESSAGE_WITH_SOURCE: the answer itself (ephemeral when the message says so); the message as posted. */
  async reply(msg: DiscordMessage): Promise<APIMessage | null> {
    const r = (await this.callback(InteractionResponseType.ChannelMessageWithSource, msg.body, msg, true)) as { resource?: { message?: APIMessage } } | null;
    return r?.resource?.message ?? null;
  }

  /** DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "Steward is thinking…", public or ephemeral (decided now, for good). */
  async defer(ephemeral: boolean): Promise<void> {
    await this.callback(InteractionResponseType.DeferredChannelMessageWithSource, ephemeral ? { flags: EPHEMERAL_FLAG } : undefined);
  }

  /** DEFERRED_UPDATE_MESSAGE: acknowledge a click without changing the message (the card is updated through the publisher). */
  async deferUpdate(): Promise<void> {
    await this.callback(InteractionResponseType.DeferredMessageUpdate);
  }

  async modal(m: DiscordModal): Promise<void> {
    await this.callback(InteractionResponseType.Modal, m);
  }

  /** Replace the original response (after a defer); its visibility stays what the defer said. */
  async editOriginal(msg: DiscordMessage): Promise<APIMessage> {
    const { flags: _f, ...body } = msg.body;
    return (await this.rest.patch(Routes.webhookMessage(this.i.applicationId, this.i.token), { auth: false, body, files: restFiles(msg) })) as APIMessage;
  }

  async deleteOriginal(): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(this.i.applicationId, this.i.token), { auth: false });
  }

  /** A new message answering the interaction (ephemeral when the message says so). */
  async followUp(msg: DiscordMessage): Promise<APIMessage> {
    return (await this.rest.post(Routes.webhook(this.i.applicationId, this.i.token), { auth: false, body: msg.body, files: restFiles(msg), query: new URLSearchParams({ wait: 'true' }) })) as APIMessage;
  }
}
