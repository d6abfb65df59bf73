import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { ChatPublisher, MessageRef, PostTarget } from '../../src/chat/replies/publisher.js';
import type { Reply, ReplyImage } from '../../src/chat/replies/reply.js';
import { slackErrorCode, slackErrorMessage, slackRetryable } from './slack-errors.js';
import { renderSlack } from './slack-render.js';

/** A PublishResult that also says which Slack error it was (not_in_channel, ratelimited, …). */
export type SlackPublishResult = { ok: true; ref: MessageRef } | { ok: false; reason: string; code: string; retryable: boolean; retryAfterMs?: number };

/**
 * The outbound port for Slack: post -> chat.postMessage, update -> chat.update, images ->
 * files.uploadV2 into the same channel (and thread) right after the message. Failures are values
 * whose reason a user can act on (e.g. "invite it with /invite @Steward").
 */
export class SlackPublisher implements ChatPublisher {
  constructor(
    readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  async post(target: PostTarget, reply: Reply): Promise<SlackPublishResult> {
    const msg = renderSlack(reply);
    try {
      const r = await this.client.chat.postMessage({
        channel: target.channelId,
        text: msg.text,
        blocks: msg.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(target.threadId ? { thread_ts: target.threadId } : {}),
      });
      const ref: MessageRef = { platform: 'slack', channelId: r.channel ?? target.channelId, messageId: r.ts ?? '', ...(target.threadId ? { threadId: target.threadId } : {}) };
      if (reply.images?.length) await this.uploadImages(ref.channelId, target.threadId, reply.images);
      return { ok: true, ref };
    } catch (e) {
      return this.failed(e, 'chat.postMessage', target.channelId);
    }
  }

  async update(ref: MessageRef, reply: Reply): Promise<SlackPublishResult> {
    const msg = renderSlack(reply);
    try {
      await this.client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: msg.text, blocks: msg.blocks });
      return { ok: true, ref };
    } catch (e) {
      return this.failed(e, 'chat.update', ref.channelId);
    }
  }

  /** Only `user` sees it; needs the bot in the channel (the caller falls back to response_url). */
  async postEphemeral(channelId: string, userId: string, reply: Reply, threadTs?: string | null): Promise<SlackPublishResult> {
    const msg = renderSlack(reply);
    try {
      const r = await this.client.chat.postEphemeral({ channel: channelId, user: userId, text: msg.text, blocks: msg.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
      return { ok: true, ref: { platform: 'slack', channelId, messageId: r.message_ts ?? '' } };
    } catch (e) {
      return this.failed(e, 'chat.postEphemeral', channelId);
    }
  }

  /** Charts as files (files.uploadV2: getUploadURLExternal, upload, completeUploadExternal). */
  async uploadImages(channelId: string, threadTs: string | undefined, images: readonly ReplyImage[]): Promise<void> {
    try {
      await this.client.filesUploadV2({
        channel_id: channelId,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file_uploads: images.map((img) => ({ file: Buffer.from(img.png), filename: img.filename, title: img.title, alt_text: img.alt })),
      } as Parameters<webApi.WebClient['filesUploadV2']>[0]);
    } catch (e) {
      const code = slackErrorCode(e);
      this.log.warn({ channel: channelId, slackError: code }, 'slack chart upload failed');
      await this.client.chat
        .postMessage({ channel: channelId, text: `Steward could not attach the chart${images.length > 1 ? 's' : ''}: ${slackErrorMessage(code)}`, ...(threadTs ? { thread_ts: threadTs } : {}) })
        .catch(() => undefined);
    }
  }

  private failed(e: unknown, method: string, channel: string): SlackPublishResult {
    const code = slackErrorCode(e);
    const again = slackRetryable(e);
    this.log.warn({ method, channel, slackError: code, retryable: again.retryable }, 'slack call failed');
    return { ok: false, reason: slackErrorMessage(code), code, ...again };
  }
}

