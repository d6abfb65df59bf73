import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { errorReply } from '../../src/chat/replies/builders.js';
import { type Delivery, deliverEphemeral, deliverReply, type ReplyTarget, type Respond } from './slack-deliver.js';
import type { SlackIdentity } from './slack-identity.js';
import { commandInvocation, parseSlashCommand, type SlackCommandRequest, unwrapSlackText } from './slack-parse.js';
import type { WorkQueue } from './slack-work-queue.js';

export interface ListenerDeps extends Delivery {
  readonly identity: SlackIdentity;
  readonly command: string;
  /** natural language is on: an @mention is a question */
  readonly naturalLanguage: boolean;
  /** the work after each ack */
  readonly work: WorkQueue;
}

export const busyReply = () => errorReply({ code: 'busy', message: 'Steward is busy right now and did not run that. Try again in a minute.' });

/**
 * The slash command: ack at once with an empty body (Slack wants an answer within 3 s and shows
 * nothing for an empty one), then — queued behind other work — resolve the user, dispatch through
 * app.handleText and deliver: ephemeral replies by response_url, the rest in the channel with
 * chat.postMessage (cards tracked). A full queue answers "busy" right away.
 */
export function listenForCommand(bolt: App, d: ListenerDeps): void {
  bolt.command(d.command, async ({ ack, body, respond }) => {
    await ack();
    const req = parseSlashCommand(body as unknown as Record<string, unknown>);
    if (!req) return;
    const target = { channelId: req.channelId, userId: req.userId, respond: respond as Respond };
    if (!d.work.offer(() => runCommand(d, req, target))) await deliverEphemeral(d, target, busyReply()).catch(() => undefined);
  });
}

async function runCommand(d: ListenerDeps, req: SlackCommandRequest, target: ReplyTarget): Promise<void> {
  try {
    const actor = await d.identity.actor(req.userId, req.userName);
    const reply = await d.app.handleText(commandInvocation(req, actor));
    await deliverReply(d, target, reply);
  } catch (e) {
    const ref = randomUUID().slice(0, 8);
    d.log.error({ err: e, ref, user: req.userId }, 'slack command failed');
    await deliverEphemeral(d, target, errorReply({ code: 'unavailable', message: `Something went wrong (ref ${ref}). Try again; if it persists, give the ref to your Steward admin.` })).catch(() => undefined);
  }
}

/**
 * @Steward mentions, answered in the thread: with natural language configured, the words after the
 * mention go to `ask` (reads answer at once, changes come back privately with [Confirm]); otherwise,
 * or with nothing after the mention, the command list.
 */
export function listenForMentions(bolt: App, d: ListenerDeps): void {
  bolt.event('app_mention', async ({ event }) => {
    if (!event.user) return;
    d.work.offer(() => answerMention(d, event as MentionEvent));
  });
}

interface MentionEvent {
  readonly user: string;
  readonly channel: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly text?: string;
}

/** "<@U0BOT> what's live?" -> "what's live?" (the leading mentions of the bot removed). */
export const mentionQuestion = (text: string): string => unwrapSlackText(text).replace(/^\s*(@[A-Z0-9]+[\s,:]*)+/, '').trim();

async function answerMention(d: ListenerDeps, event: MentionEvent): Promise<void> {
  const threadTs = event.thread_ts ?? event.ts;
  try {
    const actor = await d.identity.actor(event.user);
    const question = mentionQuestion(event.text ?? '');
    if (d.naturalLanguage && question) {
      const reply = await d.app.handleText({ actor, channel: { platform: 'slack', id: event.channel, threadId: threadTs }, text: `${d.command} ask ${question}` });
      await deliverReply(d, { channelId: event.channel, userId: event.user, threadTs }, reply);
      return;
    }
    const help = await d.app.handleText({ actor, channel: { platform: 'slack', id: event.channel, threadId: threadTs }, text: `${d.command} help` });
    const intro = { kind: 'text' as const, text: `Hi! I work through the \`${d.command}\` command. Here is what it can do:` };
    await deliverReply(d, { channelId: event.channel, userId: event.user, threadTs }, { ...help, ephemeral: false, blocks: [intro, ...help.blocks] });
  } catch (e) {
    d.log.error({ err: e, user: event.user }, 'slack mention failed');
  }
}
