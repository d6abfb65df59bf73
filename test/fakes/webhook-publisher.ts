import type { ChatPublisher, MessageRef, PostTarget, PublishResult } from '../../src/chat/replies/publisher.js';
import type { Reply } from '../../src/chat/replies/reply.js';

/**
 * A chat publisher that POSTs each message as JSON to a stand-in chat sink over HTTP — used only by
 * the multi-process test, so several OS processes post to one place that counts.
 */
export class WebhookPublisher implements ChatPublisher {
  constructor(
    private readonly url: string,
    private readonly instance: string,
  ) {}

  private async send(path: 'post' | 'update', body: object): Promise<PublishResult> {
    try {
      const res = await fetch(`${this.url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instance: this.instance, ...body }) });
      if (!res.ok) return { ok: false, reason: `sink answered ${res.status}` };
      return { ok: true, ref: (await res.json()) as MessageRef };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }

  post(target: PostTarget, reply: Reply): Promise<PublishResult> {
    return this.send('post', { target, title: reply.title ?? null, data: reply.data ?? null });
  }

  update(ref: MessageRef, reply: Reply): Promise<PublishResult> {
    return this.send('update', { ref, title: reply.title ?? null, data: reply.data ?? null });
  }
}
