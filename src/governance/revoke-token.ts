import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import { didYouMean } from '../core/suggest.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from './audit-who.js';

/**
 * Revoke an API token by name, audited. Authentication reads the token on every request, so every
 * replica refuses it from the next request on.
 */
export async function revokeToken(deps: { store: Store; clock: Clock }, who: AuditWho, name: string): Promise<Result<{ name: string; revokedAt: Date }>> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.tokens.revoke(name, now))) {
      const all = await tx.tokens.list();
      const t = all.find((x) => x.name === name);
      if (t) return err('conflict', `Token \`${name}\` was already revoked ${t.revokedAt!.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
      return err('not_found', `There is no token \`${name}\`.${didYouMean(name, all.map((x) => x.name))} \`steward token list\` shows them.`);
    }
    await tx.audit.append(auditInput(who, 'token.revoked', `token:${name}`, {}), now);
    return ok({ name, revokedAt: now });
  });
}
