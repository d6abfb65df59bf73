import { type APIMessage, type REST, Routes } from 'discord.js';
import type { Logger } from '../../src/ports/logger.js';
import type { ChatPublisher, MessageRef, PostTarget } from '../../src/chat/replies/publisher.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { discordErrorCode, discordErrorMessage, discordRetryable } from './discord-errors.js';
import { type DiscordMessage, renderDiscord } from './discord-render.js';

/** A PublishResult that also says which Discord error it was (50001, 10003, ratelimited, …). */
export type DiscordPublishResult = { ok: true; ref: MessageRef } | { ok: false; reason: string; code: string; retryable: boolean; retryAfterMs?: number };

/** discord.js REST's file form: multipart `files[n]`, the body as `payload_json`. */
export const restFiles = (m: DiscordMessage) => m.files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: f.contentType }));

/**
 * The outbound port for Discord over REST (discord.js's REST client: it queues per route, waits out
 * 429s and retries 5xx): post -> POST /channels/{id}/messages, update -> PATCH
 * /channels/{id}/messages/{mid}, charts as multipart attachments of the same message. A thread is a
 * channel on Discord, so a target's threadId is where the message goes. Channel messages cannot be
 * ephemeral; the flag is dropped. Failures are values whose reason a user can act on.
 */
export class DiscordPublisher implements ChatPublisher {
  constructor(
    readonly rest: REST,
    private readonly log: Logger,
  ) {}

  async post(target: PostTarget, reply: Reply): Promise<DiscordPublishResult> {
    const msg = renderDiscord({ ...reply, ephemeral: false });
    const channel = target.threadId ?? target.channelId;
    try {
      const m = (await this.rest.post(Routes.channelMessages(channel), { body: msg.body, files: restFiles(msg) })) as APIMessage;
      return { ok: true, ref: { platform: 'discord', channelId: target.channelId, messageId: m.id, ...(target.threadId ? { threadId: target.threadId } : {}) } };
    } catch (e) {
      return this.failed(e, 'post', channel);
    }
  }

  async update(ref: MessageRef, reply: Reply): Promise<DiscordPublishResult> {
    const msg = renderDiscord({ ...reply, ephemeral: false });
    const channel = ref.threadId ?? ref.channelId;
    try {
      // `attachments` lists what the message keeps: the new charts only (none -> old ones removed)
      await this.rest.patch(Routes.channelMessage(channel, ref.messageId), { body: { ...msg.body, attachments: msg.body.attachments ?? [] }, files: restFiles(msg) });
      return { ok: true, ref };
    } catch (e) {
      return this.failed(e, 'update', channel);
    }
  }

  private failed(e: unknown, op: string, channel: string): DiscordPublishResult {
    const code = discordErrorCode(e);
    const again = discordRetryable(e);
    this.log.warn({ op, channel, discordError: code, retryable: again.retryable }, 'discord call failed');
    return { ok: false, reason: discordErrorMessage(code), code, ...again };
  }
}
