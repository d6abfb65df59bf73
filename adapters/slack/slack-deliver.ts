import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import { context } from '../../src/chat/replies/builders.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { NOT_IN_CHANNEL_CODES, slackErrorMessage } from './slack-errors.js';
import type { SlackPublisher } from './slack-publisher.js';
import { renderSlack } from './slack-render.js';

/** Bolt's respond(): POST to the request's response_url (works where the bot is not a member). */
export type Respond = (msg: Record<string, unknown>) => Promise<unknown>;

export interface Delivery {
  readonly app: StewardApp;
  readonly publisher: SlackPublisher;
  readonly log: Logger;
}

/** Where a reply goes and who asked. */
export interface ReplyTarget {
  readonly channelId: string;
  readonly userId: string;
  readonly threadTs?: string | null;
  /** the request's response_url, through Bolt's respond() */
  readonly respond?: Respond;
  /** a click or modal submission: private replies go by chat.postEphemeral first */
  readonly clickedBy?: boolean;
}

export async function respondEphemeral(respond: Respond, reply: Reply): Promise<void> {
  const msg = renderSlack({ ...reply, ephemeral: true });
  await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks });
}

/** The reply itself, privately, with why it could not be posted for everyone and what to do. */
function notPosted(reply: Reply, reason: string): Reply {
  const { buttons: _b, card: _c, ...rest } = reply;
  return { ...rest, ephemeral: true, blocks: [...reply.blocks, context(`:warning: ${reason}`)] };
}

/**
 * A text command's reply: ephemeral -> response_url (only the user sees it); otherwise posted in
 * the channel with chat.postMessage, and a card is tracked so later changes update it in place.
 * If the bot may not post there (not_in_channel, channel_not_found), the user gets the reply
 * privately with "invite it with /invite @Steward" — never a silent failure.
 */
export async function deliverReply(d: Delivery, t: ReplyTarget, reply: Reply): Promise<void> {
  if (reply.ephemeral) return deliverEphemeral(d, t, reply);
  const r = await d.publisher.post({ platform: 'slack', channelId: t.channelId, ...(t.threadTs ? { threadId: t.threadTs } : {}) }, reply);
  if (r.ok) {
    if (reply.card) await d.app.trackCard(reply.card, { platform: 'slack', channelId: r.ref.channelId, messageId: r.ref.messageId, ...(r.ref.threadId ? { threadId: r.ref.threadId } : {}) });
    return;
  }
  await deliverEphemeral(d, t, notPosted(reply, r.reason), !NOT_IN_CHANNEL_CODES.has(r.code));
}

/**
 * Only the user sees it. Slash commands answer through the response_url (works in any channel);
 * clicks and modal submissions through chat.postEphemeral (`t.clickedBy`), falling back to the
 * response_url; when neither can reach the user, a direct message from the bot.
 */
export async function deliverEphemeral(d: Delivery, t: ReplyTarget, reply: Reply, tryPostEphemeral = true): Promise<void> {
  const viaResponseUrl = async () => {
    if (!t.respond) return false;
    try {
      await respondEphemeral(t.respond, reply);
      return true;
    } catch (e) {
      d.log.warn({ err: e instanceof Error ? e.message : String(e), channel: t.channelId }, 'slack response_url failed');
      return false;
    }
  };
  const viaPostEphemeral = async () => {
    if (!tryPostEphemeral) return false;
    const r = await d.publisher.postEphemeral(t.channelId, t.userId, reply, t.threadTs);
    if (!r.ok && NOT_IN_CHANNEL_CODES.has(r.code)) reply = notPosted(reply, slackErrorMessage(r.code));
    return r.ok;
  };
  const order = t.clickedBy ? [viaPostEphemeral, viaResponseUrl] : [viaResponseUrl, viaPostEphemeral];
  for (const step of order) if (await step()) return;
  // last resort: a direct message (the app's Messages tab), which the bot can always reach
  const dm = await d.publisher.post({ platform: 'slack', channelId: t.userId }, { ...reply, ephemeral: false });
  if (!dm.ok) d.log.warn({ user: t.userId, reason: dm.reason }, 'slack reply could not be delivered');
}
