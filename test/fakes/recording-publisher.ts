import type { ChatPublisher, MessageRef, PostTarget, PublishResult } from '../../src/chat/replies/publisher.js';
import type { Reply } from '../../src/chat/replies/reply.js';

/** A chat sink that records every post and update (message ids are sequential). */
export class RecordingPublisher implements ChatPublisher {
  readonly posts: { target: PostTarget; reply: Reply; ref: MessageRef }[] = [];
  readonly updates: { ref: MessageRef; reply: Reply }[] = [];
  private n = 0;
  /** set: the platform fails for now (as a 5xx or 429 would), every call is refused with this and counted */
  down: { reason: string; retryAfterMs?: number } | null = null;
  /** calls refused while down */
  refused = 0;

  private outage(): PublishResult | null {
    if (!this.down) return null;
    this.refused++;
    return { ok: false, reason: this.down.reason, retryable: true, ...(this.down.retryAfterMs ? { retryAfterMs: this.down.retryAfterMs } : {}) };
  }

  async post(target: PostTarget, reply: Reply): Promise<PublishResult> {
    const out = this.outage();
    if (out) return out;
    const ref: MessageRef = { platform: target.platform, channelId: target.channelId, messageId: `m${++this.n}`, ...(target.threadId ? { threadId: target.threadId } : {}) };
    this.posts.push({ target, reply, ref });
    return { ok: true, ref };
  }

  async update(ref: MessageRef, reply: Reply): Promise<PublishResult> {
    const out = this.outage();
    if (out) return out;
    this.updates.push({ ref, reply });
    return { ok: true, ref };
  }

  /** The latest content of a message: its last update, or what was posted. */
  latest(messageId: string): Reply | undefined {
    const u = [...this.updates].reverse().find((x) => x.ref.messageId === messageId);
    return u?.reply ?? this.posts.find((p) => p.ref.messageId === messageId)?.reply;
  }
}
