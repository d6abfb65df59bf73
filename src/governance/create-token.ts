import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type AuditWho, auditInput } from './audit-who.js';

export const TOKEN_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const TOKEN_PREFIX = 'stw_';

/** The stored form of a token: sha256 hex of the whole secret. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface CreatedToken {
  readonly name: string;
  readonly role: string;
  readonly expiresAt: Date | null;
  /** the secret: shown once, never stored */
  readonly token: string;
}

/** Create an API token with one role, optionally expiring. Only its sha256 is stored; the audit event names it, its role and expiry. */
export async function createToken(deps: { store: Store; clock: Clock; config: Config }, who: AuditWho, input: { name: string; role: string; expiresInMs?: number }): Promise<Result<CreatedToken>> {
  if (!TOKEN_NAME_RE.test(input.name)) return err('bad_input', `\`${input.name}\` is not a token name: use lowercase letters, digits, . _ - (e.g. ci-pipeline)`);
  const roles = Object.keys(deps.config.access.roles).sort();
  if (!roles.includes(input.role)) return err('bad_input', `\`${input.role}\` is not a role; roles are ${roles.join(', ')} (define more under roles: in steward.yaml)`);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const expiresAt = input.expiresInMs !== undefined ? new Date(now.getTime() + input.expiresInMs) : null;
  return deps.store.transaction(async (tx) => {
    const created = await tx.tokens.create({ name: input.name, role: input.role, hash: hashToken(token), createdBy: who.actor, createdAt: now, expiresAt });
    if (!created) return err('conflict', `A token named \`${input.name}\` already exists (revoked tokens keep their name); pick another name.`);
    await tx.audit.append(auditInput(who, 'token.created', `token:${input.name}`, { role: input.role, expiresAt: expiresAt?.toISOString() ?? null }), now);
    return ok({ name: input.name, role: input.role, token, expiresAt });
  });
}
