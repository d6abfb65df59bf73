import { actorKey } from '../../governance/domain/actor.js';
import type { PendingOutcome } from '../domain/pending-command.js';
import { err, ok } from '../../core/result.js';
import { runCommandLine, understoodAs } from './nl-dispatch.js';
import { context, text } from '../../chat/replies/builders.js';
import { mention } from '../../chat/replies/mention.js';
import { consumeConfirmation } from '../confirm-consume.js';
import type { CommandRegistry } from '../../chat/command-registry.js';
import type { ActionHandler } from '../../chat/action-handler.js';

const parseId = (raw: string): number | null => (/^\d{1,9}$/.test(raw) ? Number(raw) : null);

async function consume(ctx: Parameters<ActionHandler>[0], rawId: string, outcome: PendingOutcome) {
  const id = parseId(rawId);
  if (id === null) return err('bad_input', `This button does not name a confirmation Steward knows; ask again with \`${ctx.prefix} ask …\`.`);
  return consumeConfirmation(ctx.store, ctx.clock, actorKey(ctx.actor), id, outcome);
}

/**
 * [Confirm] on a command understood from natural language: only the person who asked, before it
 * expires, once (consumed in a transaction). Then the stored line runs through the normal dispatcher
 * as the clicker, so roles, policies, gates and locks are checked as of now. A new card is posted
 * to the channel where it was asked and tracked, like a typed command's card.
 */
export const makeConfirmAction = (commands: () => CommandRegistry): ActionHandler => async (ctx, p) => {
  const c = await consume(ctx, p.id, 'confirmed');
  if (!c.ok) return c;
  const pending = c.value;
  const channel = { platform: pending.platform, id: pending.channelId, ...(pending.threadId ? { threadId: pending.threadId } : {}) };
  const reply = await runCommandLine(commands(), { ...ctx, channel }, pending.command, channel);
  const who = mention(pending.actor);
  if (reply.error || reply.ephemeral || !reply.card) return ok(understoodAs(reply, pending.command, `Confirmed by ${who}`));
  const posted = await ctx.publisher.post({ platform: channel.platform, channelId: channel.id, ...(channel.threadId ? { threadId: channel.threadId } : {}) }, reply);
  if (!posted.ok) {
    ctx.log.warn({ card: reply.card, platform: channel.platform, channel: channel.id, reason: posted.reason }, 'confirmed command: card not posted');
    const { card: _card, ...rest } = reply;
    return ok({ ...rest, ephemeral: true, blocks: [...reply.blocks, context(`Steward could not post this in the channel (${posted.reason}); only you see this copy.`)] });
  }
  await ctx.cards.track(reply.card, { platform: posted.ref.platform, channelId: posted.ref.channelId, messageId: posted.ref.messageId, ...(posted.ref.threadId ? { threadId: posted.ref.threadId } : {}) });
  return ok({
    tone: 'success',
    ephemeral: true,
    blocks: [text(`Confirmed by ${who}: \`${pending.command}\` ran; its card is posted in the channel.`)],
    data: { confirmed: pending.id, command: pending.command, card: reply.card },
  });
};

/** [Cancel]: the asker drops it; it never runs (a later Confirm is refused). */
export const cancelAction: ActionHandler = async (ctx, p) => {
  const c = await consume(ctx, p.id, 'cancelled');
  if (!c.ok) return c;
  return ok({ ephemeral: true, blocks: [text(`Cancelled: \`${c.value.command}\` did not run.`)], data: { cancelled: c.value.id, command: c.value.command } });
};
