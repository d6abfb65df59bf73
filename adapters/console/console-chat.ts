import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import { ACTIONS_NEEDING_REASON, type Reply } from '../../src/chat/replies/reply.js';
import type { ConsoleCards } from './console-cards.js';
import { saveImages } from '../../src/chat/replies/save-images.js';
import { renderText } from '../../src/chat/replies/text-render.js';

export interface ConsoleChatOptions {
  readonly app: StewardApp;
  readonly user: string;
  readonly input: Readable;
  readonly output: Writable;
  readonly imagesDir: string;
  readonly color?: boolean;
  /** printed once at start */
  readonly banner?: string;
  /** when given, cards are tracked and their later changes printed (a running Steward) */
  readonly cards?: ConsoleCards;
  /** after each reply: a line to add, if any (e.g. that no running Steward will do the work it queued) */
  readonly afterReply?: () => Promise<string | null>;
}

/** The console chat's channel as commands see it (stable, so a schedule created here survives a restart). */
export const CONSOLE_CHANNEL = 'console';

export const consoleActor = (user: string): Actor => ({ platform: 'console', id: user, displayName: user });


/**
 * The embedded chat: one line at a time through the same dispatcher as Slack and Discord.
 * `:as <user>` switches the acting user; a number picks a button of the last reply.
 * Resolves `quit` when the user typed :quit (or :q, exit), `ended` when the input ended.
 */
export async function runConsoleChat(o: ConsoleChatOptions): Promise<'quit' | 'ended'> {
  let user = o.user;
  let buttons: Reply['buttons'] = [];
  let awaitingReason: NonNullable<Reply['buttons']>[number] | null = null;
  /** between reading a line and prompting again */
  let busy = false;
  const rl = createInterface({ input: o.input, output: o.output, terminal: false });
  const write = (s: string) => o.output.write(`${s}\n`);
  const show = async (reply: Reply) => {
    const text = renderText(reply, { imagePaths: saveImages(reply, o.imagesDir), color: o.color, chat: true });
    if (o.cards) await o.cards.show(o.app, reply, text);
    else write(text);
    const note = await o.afterReply?.();
    if (note) write(note);
    // an ephemeral refusal keeps the last card's choices available
    if (!reply.ephemeral || reply.buttons?.length) buttons = reply.buttons ?? [];
    write('');
  };
  if (o.banner) write(o.banner);
  const prompt = () => {
    busy = false;
    o.output.write(awaitingReason ? 'reason: ' : `${user}> `);
  };
  if (o.cards) {
    // a card posted or updated on its own (an alert, a digest, a deployment's progress): its buttons
    // are the ones a number presses now, and the prompt is shown again below it
    o.cards.onShown = (r) => {
      if (r.buttons?.length) buttons = r.buttons;
      if (!busy) prompt();
    };
  }
  const act = async (b: NonNullable<Reply['buttons']>[number], input?: string) =>
    await show(await o.app.handleAction({ actor: consoleActor(user), channel: { platform: 'console', id: CONSOLE_CHANNEL }, action: b.action, input }));
  prompt();
  for await (const raw of rl) {
    busy = true;
    const line = raw.trim();
    if (awaitingReason) {
      const b = awaitingReason;
      awaitingReason = null;
      await act(b, line);
      prompt();
      continue;
    }
    if (line === ':quit' || line === ':q' || line === 'exit') {
      rl.close();
      return 'quit';
    }
    if (line === '') {
      prompt();
      continue;
    }
    if (line.startsWith(':as')) {
      const next = line.slice(3).trim();
      if (/^[A-Za-z0-9._@-]{1,64}$/.test(next)) {
        user = next;
        write(`now acting as ${user}`);
      } else write('usage: :as <user>   (letters, digits, . _ @ -)');
    } else if (line === ':help') {
      write('Type /mlops help for commands. :as <user> switches user, a number picks a button, :quit leaves.');
    } else if (/^\d+$/.test(line) && buttons?.length) {
      const b = buttons[Number(line) - 1];
      if (!b) write(`pick 1–${buttons.length}`);
      else if (ACTIONS_NEEDING_REASON.includes(b.action.a)) awaitingReason = b;
      else await act(b);
    } else {
      await show(await o.app.handleText({ actor: consoleActor(user), channel: { platform: 'console', id: CONSOLE_CHANNEL }, text: line }));
    }
    prompt();
  }
  rl.close();
  return 'ended';
}
