import type { AuditInput } from './domain/audit-event.js';
import { type Actor, actorKey } from './domain/actor.js';

/** Who did it and from where: the part of an audit event that comes from the request. */
export interface AuditWho {
  readonly actor: string;
  readonly platform: string;
  readonly channel: string | null;
}

/** Steward itself: automatic rollbacks, retention, scheduled work. */
export const SYSTEM_WHO = { actor: 'system:steward', platform: 'system', channel: null } as const;

export const whoFrom = (actor: Actor, channelId: string | null): AuditWho => ({ actor: actorKey(actor), platform: actor.platform, channel: channelId });

export const auditInput = (who: AuditWho, action: AuditInput['action'], target: string, details: Record<string, unknown>): AuditInput => ({
  ...who,
  action,
  target,
  details,
});
