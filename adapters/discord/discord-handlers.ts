import { randomUUID } from 'node:crypto';
import { type APIMessage, PermissionFlagsBits, type REST } from 'discord.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import { context, errorReply } from '../../src/chat/replies/builders.js';
import { ACTIONS_NEEDING_REASON, type Reply } from '../../src/chat/replies/reply.js';
import { discordErrorCode } from './discord-errors.js';
import { clickInvocation, COMMAND_NAME, commandInvocation, type DiscordClick, type DiscordCommand, type DiscordReasonSubmit, type DiscordRequest } from './discord-parse.js';
import { REASON_MIN, reasonModal } from './discord-reason-modal.js';
import { renderDiscord } from './discord-render.js';
import { InteractionResponder } from './discord-responder.js';

export interface HandlerDeps {
  readonly app: StewardApp;
  readonly rest: REST;
  readonly log: Logger;
  /** answer at once when the reply is ready within this long, else defer first (Discord allows 3 s); 0 = always defer */
  readonly replyWithinMs: number;
}

/**
 * One interaction, whatever its kind. Errors talking to Discord (an expired interaction, Discord
 * unreachable) are logged: nothing more can reach the user then. Never throws.
 */
export async function handleRequest(d: HandlerDeps, req: DiscordRequest): Promise<void> {
  try {
    if (req.kind === 'command') await handleCommand(d, req);
    else if (req.kind === 'button') await handleClick(d, req);
    else await handleReasonSubmit(d, req);
  } catch (e) {
    d.log.warn({ err: e instanceof Error ? e.message : String(e), discordError: discordErrorCode(e), kind: req.kind, user: req.user.id }, 'discord interaction could not be answered');
  }
}

/**
 * `/mlops <command>`. Whether an answer is private is only known once it exists, and a deferral
 * fixes the visibility for good, so: if the reply is ready within `replyWithinMs` (nearly always)
 * it is the first response, public or ephemeral as the reply says. Otherwise the command is
 * deferred publicly ("Steward is thinking…") and the late reply edits it in; a late ephemeral reply
 * resolves the deferral with a one-line note, follows up privately, and deletes the note (a first
 * follow-up would itself replace the public deferral). A public card is tracked where it landed.
 */
async function handleCommand(d: HandlerDeps, req: DiscordCommand): Promise<void> {
  const res = new InteractionResponder(d.rest, req);
  if (req.commandName !== COMMAND_NAME) {
    await res.reply(renderDiscord(errorReply({ code: 'unknown_command', message: `Steward answers /${COMMAND_NAME}; /${req.commandName} is not one of its commands.` })));
    return;
  }
  const work = safely(d, req, () => d.app.handleText(commandInvocation(req)));
  let timer: NodeJS.Timeout | undefined;
  const early = d.replyWithinMs > 0 ? await Promise.race([work, new Promise<null>((r) => (timer = setTimeout(() => r(null), d.replyWithinMs)))]) : null;
  clearTimeout(timer);
  if (early) {
    const shown = withAccessNote(early, req);
    await track(d, shown, await res.reply(renderDiscord(shown)));
    return;
  }
  await res.defer(false);
  const reply = await work;
  if (reply.ephemeral) {
    await res.editOriginal(renderDiscord({ blocks: [context('Steward answered privately.')] }));
    await res.followUp(renderDiscord(reply));
    await res.deleteOriginal();
    return;
  }
  const shown = withAccessNote(reply, req);
  await track(d, shown, await res.editOriginal(renderDiscord(shown)));
}

/** A button: Reject and Override first ask for a reason (a modal); the rest are acknowledged and handled. */
async function handleClick(d: HandlerDeps, req: DiscordClick): Promise<void> {
  const res = new InteractionResponder(d.rest, req);
  const payload = req.payload;
  if (!payload) return void (await res.reply(renderDiscord(notRecognised())));
  if (ACTIONS_NEEDING_REASON.includes(payload.a)) return res.modal(reasonModal(payload));
  await res.deferUpdate();
  const reply = await safely(d, req, () => d.app.handleAction(clickInvocation(req, payload)));
  await deliverClickReply(res, req, reply);
}

/** The reason modal's submission: handled like the click it stands for, with the reason as input. */
async function handleReasonSubmit(d: HandlerDeps, req: DiscordReasonSubmit): Promise<void> {
  const res = new InteractionResponder(d.rest, req);
  const payload = req.payload;
  if (!payload) return void (await res.reply(renderDiscord(notRecognised())));
  if (req.reason.length < REASON_MIN) {
    await res.reply(renderDiscord(errorReply({ code: 'bad_input', message: `Give a reason of at least ${REASON_MIN} characters; nothing was changed.` })));
    return;
  }
  if (req.messageId) await res.deferUpdate();
  else await res.defer(true);
  const reply = await safely(d, req, () => d.app.handleAction(clickInvocation(req, payload, req.reason)));
  await deliverClickReply(res, req, reply);
}

/**
 * A click's reply: with `card` -> nothing more (the app updated every tracked copy through the
 * publisher), except where the bot cannot see the channel: then the clicked message is edited
 * through the interaction itself, which needs no channel permission. Otherwise a follow-up,
 * private when the reply is ephemeral.
 */
async function deliverClickReply(res: InteractionResponder, req: DiscordClick | DiscordReasonSubmit, reply: Reply): Promise<void> {
  if (reply.card && !reply.ephemeral) {
    if (req.messageId && cannotSee(req)) await res.editOriginal(renderDiscord(reply));
    return;
  }
  await res.followUp(renderDiscord(reply));
}

async function track(d: HandlerDeps, reply: Reply, m: APIMessage | null): Promise<void> {
  if (!reply.card || reply.ephemeral || !m) return;
  await d.app.trackCard(reply.card, { platform: 'discord', channelId: m.channel_id, messageId: m.id });
}

/** Steward's answer, or an error reply with a reference when handling it threw. */
async function safely(d: HandlerDeps, req: DiscordRequest, run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    const ref = randomUUID().slice(0, 8);
    d.log.error({ err: e, ref, user: req.user.id, kind: req.kind }, 'discord request failed');
    return errorReply({ code: 'unavailable', message: `Something went wrong (ref ${ref}). Nothing was changed; try again, and if it persists give the ref to your Steward admin.` });
  }
}

const notRecognised = () => errorReply({ code: 'bad_input', message: `This button is not recognised by this Steward version; use the text command instead (see /${COMMAND_NAME} help).` });

/** The bot lacks View Channel here (app_permissions came with the interaction): posted cards cannot be updated by the bot. */
function cannotSee(req: DiscordRequest): boolean {
  return req.guildId !== null && req.appPermissions !== null && (req.appPermissions & PermissionFlagsBits.ViewChannel) === 0n;
}

function withAccessNote(reply: Reply, req: DiscordRequest): Reply {
  if (!reply.card || reply.ephemeral || !cannotSee(req)) return reply;
  return { ...reply, blocks: [...reply.blocks, context("⚠️ Steward cannot see this channel, so this card will not follow the deployment's progress. Give the Steward bot's role View Channel here, or run the command in a channel it can see.")] };
}
