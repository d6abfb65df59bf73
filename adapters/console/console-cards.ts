import { hostname } from 'node:os';
import type { StewardApp } from '../../src/ports/steward-app.js';
import type { ChatPublisher, MessageRef, PostTarget, PublishResult } from '../../src/chat/replies/publisher.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { renderText, type TextRenderOptions } from '../../src/chat/replies/text-render.js';
import { imagePaths, saveImages } from '../../src/chat/replies/save-images.js';

/** This process's console is its own channel: another replica never prints into it. */
export const consoleChannelId = (): string => `console-${hostname()}-${process.pid}`;

/**
 * The console as a chat platform: it prints posts, and prints a card again when it changes (an
 * approval elsewhere, a deployment's progress) — once per real change, not for every refresh.
 * Charts of what it prints are saved in `imagesDir` and their paths printed, as for command replies.
 */
export class ConsoleCards implements ChatPublisher {
  readonly channelId = consoleChannelId();
  private readonly last = new Map<string, string>();
  private n = 0;
  /** told about every message posted or updated on its own, so the chat can offer its buttons by number */
  onShown: (reply: Reply) => void = () => {};

  constructor(
    private readonly print: (text: string) => void,
    /** where the charts of posts and updates are saved (the console chat's images directory) */
    private readonly imagesDir: string,
    private readonly render: (reply: Reply, opts: TextRenderOptions) => string = (r, o) => renderText(r, { ...o, chat: true }),
  ) {}

  async post(target: PostTarget, reply: Reply): Promise<PublishResult> {
    const ref: MessageRef = { platform: 'console', channelId: target.channelId, messageId: `post-${++this.n}` };
    // 'console' is whichever console this process has; a per-process id must be ours
    if (target.channelId !== this.channelId && target.channelId !== 'console') return { ok: false, reason: 'that console belongs to another Steward process' };
    this.emit(ref.messageId, this.text(reply), '');
    this.onShown(reply);
    return { ok: true, ref };
  }

  async update(ref: MessageRef, reply: Reply): Promise<PublishResult> {
    if (ref.channelId !== this.channelId && ref.channelId !== 'console') return { ok: false, reason: 'that console belongs to another Steward process' };
    if (this.emit(ref.messageId, this.text(reply), '↻ ')) this.onShown(reply);
    return { ok: true, ref };
  }

  /** Show a reply in the chat; a card is remembered (and tracked) so later changes print as updates. */
  async show(app: StewardApp, reply: Reply, text = this.text(reply)): Promise<void> {
    if (!reply.card || reply.ephemeral) return this.print(text);
    const messageId = `card-${reply.card.kind}-${reply.card.id}`;
    const first = !this.last.has(messageId);
    this.emit(messageId, text, '');
    if (first) await app.trackCard(reply.card, { platform: 'console', channelId: this.channelId, messageId });
  }

  /** The reply as printed, its charts saved first: a chart line names a file that exists (or says why not). */
  private text(reply: Reply): string {
    let paths = imagePaths(reply, this.imagesDir);
    try {
      saveImages(reply, this.imagesDir);
    } catch (e) {
      paths = paths.map(() => `not saved in ${this.imagesDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return this.render(reply, { imagePaths: paths });
  }

  private emit(messageId: string, text: string, mark: string): boolean {
    // elapsed-time ticks of a running deployment are not news on a terminal, nor is a page link
    // signed again (a new expiry and signature for the same page)
    const signature = text.replace(/, \d+(m \d+)?s so far/, '').replace(/([?&])exp=\d+&sig=[A-Za-z0-9_-]+/g, '$1');
    if (this.last.get(messageId) === signature) return false;
    this.last.set(messageId, signature);
    this.print(mark ? text.replace(/^/, mark) : text);
    return true;
  }
}
