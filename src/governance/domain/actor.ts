import type { Platform } from '../../core/platform.js';

export { PLATFORMS, type Platform } from '../../core/platform.js';

/**
 * Who is acting. `groups` are extra identity keys resolved by the adapter at request time
 * (Slack user groups as "slack-group:S123", Discord roles as "discord-role:456").
 * `roles` are direct roles (API tokens carry their role in the database).
 */
export interface Actor {
  readonly platform: Platform;
  readonly id: string;
  readonly displayName?: string;
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
}

/** The stable key stored in the database and the audit log: "slack:U123", "console:alice". */
export const actorKey = (a: Pick<Actor, 'platform' | 'id'>): string => `${a.platform}:${a.id}`;

/** "slack:U123" -> "U123"-ish label for text when no display name is known. */
export const shortName = (key: string): string => key.slice(key.indexOf(':') + 1);
