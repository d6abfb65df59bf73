import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { AccessConfig } from '../../src/governance/domain/access.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import { slackErrorCode } from './slack-errors.js';

export interface SlackIdentityOptions {
  readonly client: webApi.WebClient;
  /** which user groups can grant anything: the "slack-group:S…" keys of steward.yaml members */
  readonly access: AccessConfig;
  readonly ttlMs: number;
  readonly log: Logger;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * Slack user id -> Actor {platform: 'slack', id: U…, displayName, groups: ['slack-group:S…']}.
 *
 * Display names come from users.info; group membership from usergroups.users.list, asked only for
 * the groups steward.yaml names (only they can grant a role, and usergroups.* are rate-limit Tier 2,
 * ~20 calls a minute — asking about every group in a big workspace would be throttled). Both are
 * cached for `ttlMs` (SLACK_IDENTITY_TTL_SECONDS), concurrent lookups share one call, and a failed
 * lookup is not cached and grants nothing: deny by default.
 */
export class SlackIdentity {
  private readonly names = new Map<string, Entry<string | null>>();
  private readonly groups = new Map<string, Entry<ReadonlySet<string>>>();
  private readonly now: () => number;

  constructor(private readonly o: SlackIdentityOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The Slack group ids that appear in steward.yaml members. */
  referencedGroups(): string[] {
    return Object.keys(this.o.access.members)
      .filter((k) => k.startsWith('slack-group:'))
      .map((k) => k.slice('slack-group:'.length));
  }

  async actor(userId: string, fallbackName?: string): Promise<Actor> {
    const [name, groups] = await Promise.all([this.displayName(userId), this.groupsOf(userId)]);
    return { platform: 'slack', id: userId, displayName: name ?? fallbackName ?? userId, ...(groups.length ? { groups } : {}) };
  }

  async groupsOf(userId: string): Promise<string[]> {
    const ids = this.referencedGroups();
    const members = await Promise.all(ids.map((g) => this.membersOf(g).catch(() => new Set<string>())));
    return ids.filter((_, i) => members[i]!.has(userId)).map((g) => `slack-group:${g}`);
  }

  private displayName(userId: string): Promise<string | null> {
    return this.cached(this.names, userId, async () => {
      const r = await this.o.client.users.info({ user: userId });
      const u = r.user;
      return u?.profile?.display_name || u?.real_name || u?.name || null;
    }).catch((e: unknown) => {
      this.o.log.warn({ user: userId, slackError: slackErrorCode(e) }, 'slack users.info failed; using the name from the request');
      return null;
    });
  }

  private membersOf(group: string): Promise<ReadonlySet<string>> {
    return this.cached(this.groups, group, async () => {
      const r = await this.o.client.usergroups.users.list({ usergroup: group });
      return new Set(r.users ?? []);
    }).catch((e: unknown) => {
      this.o.log.warn({ usergroup: group, slackError: slackErrorCode(e) }, 'slack usergroups.users.list failed; the group grants nothing until it can be read');
      throw e;
    });
  }

  private cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.o.ttlMs) return hit.value;
    const value = load();
    const entry = { at: this.now(), value };
    map.set(key, entry);
    value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    return value;
  }
}
