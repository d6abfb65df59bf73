import type { Platform } from '../../governance/domain/actor.js';
import type { Reply } from './reply.js';

/** Where a posted message lives, so it can be updated in place later. */
export type { MessageRef } from '../../core/platform.js';
import type { MessageRef } from '../../core/platform.js';

export interface PostTarget {
  readonly platform: Platform;
  readonly channelId: string;
  readonly threadId?: string;
}

/**
 * The outbound chat port: post a reply to a channel and update it in place. One implementation per
 * platform (Slack Web API, Discord REST, console stdout, a recording fake in tests); `MultiPublisher`
 * routes by platform. Errors are values: a missing bot membership must become a message, not a crash.
 */
export interface ChatPublisher {
  post(target: PostTarget, reply: Reply, opts?: PostOptions): Promise<PublishResult>;
  update(ref: MessageRef, reply: Reply): Promise<PublishResult>;
}

export interface PostOptions {
  /**
   * false: a message only worth showing now (a "Running…" placeholder): not kept for a retry when
   * the platform fails. Default true where a publisher keeps messages (durable-publisher.ts).
   */
  readonly retry?: boolean;
}

/**
 * `retryable`: the platform failed in a way that may pass (5xx, 429, no answer), as opposed to a
 * refusal (not in the channel, bad token); `retryAfterMs` when it said how long to wait. `queued`:
 * the message was kept and will be delivered by a retry, in order, once the platform answers.
 */
export type PublishResult = { ok: true; ref: MessageRef } | { ok: false; reason: string; retryable?: boolean; retryAfterMs?: number; queued?: boolean };

/** Routes each call to the publisher of its platform; platforms without one answer with a reason. */
export class MultiPublisher implements ChatPublisher {
  private readonly byPlatform = new Map<Platform, ChatPublisher>();

  register(platform: Platform, p: ChatPublisher): this {
    this.byPlatform.set(platform, p);
    return this;
  }

  has(platform: Platform): boolean {
    return this.byPlatform.has(platform);
  }

  post(target: PostTarget, reply: Reply, opts?: PostOptions): Promise<PublishResult> {
    const p = this.byPlatform.get(target.platform);
    return p ? p.post(target, reply, opts) : Promise.resolve({ ok: false, reason: `no ${target.platform} connection is configured` });
  }

  update(ref: MessageRef, reply: Reply): Promise<PublishResult> {
    const p = this.byPlatform.get(ref.platform);
    return p ? p.update(ref, reply) : Promise.resolve({ ok: false, reason: `no ${ref.platform} connection is configured` });
  }
}
