import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { errorReply } from '../../src/chat/replies/builders.js';
import { ACTIONS_NEEDING_REASON, type Reply } from '../../src/chat/replies/reply.js';
import { LINK_ACTION_ID, REASON_MODAL_CALLBACK_ID, REASON_BLOCK_ID } from './slack-action-ids.js';
import { busyReply, type ListenerDeps } from './slack-command-listener.js';
import { deliverEphemeral, deliverReply, type ReplyTarget, type Respond } from './slack-deliver.js';
import { slackErrorCode, slackErrorMessage } from './slack-errors.js';
import { clickInvocation, parseBlockAction, parseViewSubmission } from './slack-parse.js';
import { reasonModal } from './slack-reason-modal.js';

const failed = (ref: string) => errorReply({ code: 'unavailable', message: `Something went wrong handling that click (ref ${ref}). Try again or use the text command.` });

/**
 * A click's reply: ephemeral -> chat.postEphemeral to the clicker; with `card` -> nothing more (the
 * app has already updated every tracked copy through the publisher); otherwise posted in the channel.
 */
async function deliverClickReply(d: ListenerDeps, t: ReplyTarget, reply: Reply): Promise<void> {
  if (reply.card && !reply.ephemeral) return;
  if (reply.ephemeral) return deliverEphemeral(d, t, reply);
  return deliverReply(d, { ...t, threadTs: null }, reply);
}

/** block_actions for every steward:* button; buttons needing a reason (Reject, Override) open the reason modal first. */
export function listenForClicks(bolt: App, d: ListenerDeps): void {
  // a link button opens its page in the browser; Slack still tells us about the click: ack, nothing to do
  bolt.action({ type: 'block_actions', action_id: new RegExp(`^${LINK_ACTION_ID}:`) }, async ({ ack }) => {
    await ack();
  });
  bolt.action({ type: 'block_actions', action_id: /^steward:/ }, async ({ ack, body, respond }) => {
    await ack();
    const click = parseBlockAction(body as unknown as Record<string, unknown>);
    if (!click) return;
    const t: ReplyTarget = { channelId: click.channelId ?? click.userId, userId: click.userId, threadTs: click.threadTs, clickedBy: true, ...(respond ? { respond: respond as Respond } : {}) };
    if (!click.payload) {
      return deliverEphemeral(d, t, errorReply({ code: 'bad_input', message: `This button is not recognised by this Steward version; use the text command instead (see \`${d.command} help\`).` }));
    }
    if (ACTIONS_NEEDING_REASON.includes(click.payload.a) && click.triggerId) {
      // the trigger_id is valid for 3 s: open the modal now, not behind queued work
      const view = reasonModal({ payload: click.payload, channelId: click.channelId, messageTs: click.messageTs, threadTs: click.threadTs });
      try {
        await d.publisher.client.views.open({ trigger_id: click.triggerId, view });
      } catch (e) {
        await deliverEphemeral(d, t, errorReply({ code: 'unavailable', message: `Could not open the reason form: ${slackErrorMessage(slackErrorCode(e))}` })).catch(() => undefined);
      }
      return;
    }
    const payload = click.payload;
    const job = async () => {
      try {
        const actor = await d.identity.actor(click.userId, click.userName);
        const reply = await d.app.handleAction(clickInvocation(click, payload, actor));
        await deliverClickReply(d, t, reply);
      } catch (e) {
        const ref = randomUUID().slice(0, 8);
        d.log.error({ err: e, ref, user: click.userId, action: payload.a }, 'slack click failed');
        await deliverEphemeral(d, t, failed(ref)).catch(() => undefined);
      }
    };
    if (!d.work.offer(job)) await deliverEphemeral(d, t, busyReply()).catch(() => undefined);
  });

  bolt.view(REASON_MODAL_CALLBACK_ID, async ({ ack, body }) => {
    const sub = parseViewSubmission(body as unknown as Record<string, unknown>);
    if (sub && sub.reason.length < 3) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK_ID]: 'Give a reason of at least 3 characters.' } });
      return;
    }
    await ack();
    if (!sub?.meta) return;
    const meta = sub.meta;
    const t: ReplyTarget = { channelId: meta.channelId ?? sub.userId, userId: sub.userId, threadTs: meta.threadTs, clickedBy: true };
    const job = async () => {
      try {
        const actor = await d.identity.actor(sub.userId, sub.userName);
        const reply = await d.app.handleAction(clickInvocation({ channelId: meta.channelId, threadTs: meta.threadTs, userId: sub.userId }, meta.payload, actor, sub.reason));
        await deliverClickReply(d, t, reply);
      } catch (e) {
        const ref = randomUUID().slice(0, 8);
        d.log.error({ err: e, ref, user: sub.userId }, 'slack reason submission failed');
        await deliverEphemeral(d, t, failed(ref)).catch(() => undefined);
      }
    };
    if (!d.work.offer(job)) await deliverEphemeral(d, t, busyReply()).catch(() => undefined);
  });
}
