import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditKeys } from '../governance/domain/audit-keys.js';

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export interface AuditKey {
  readonly id: string;
  readonly secret: string;
}

/** HMAC-SHA256 with the named key (the first is current); SHA-256 for unkeyed entries. */
export function auditKeyring(keys: readonly AuditKey[]): AuditKeys {
  const byId = new Map(keys.map((k) => [k.id, k.secret]));
  return {
    current: keys[0]?.id ?? null,
    seal(keyId, data) {
      if (keyId === null) return sha256Hex(data);
      const secret = byId.get(keyId);
      return secret === undefined ? null : createHmac('sha256', secret).update(data).digest('hex');
    },
  };
}

/**
 * The audit key kept in the data directory when STEWARD_AUDIT_KEYS is not set (the zero-set-up
 * default): created once, 32 random bytes, readable by its owner only. Replicas on several machines
 * must share keys through STEWARD_AUDIT_KEYS instead (docs/governance.md#the-audit-log).
 */
export function localAuditKey(file: string): AuditKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, `local-${sha256Hex(secret).slice(0, 8)}:${secret}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // another process made it first: use that one
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  const [id, secret] = readFileSync(file, 'utf8').trim().split(':', 2);
  if (!id || !secret) throw new Error(`${file} is not an audit key file (id:secret); remove it to have a new key made, or set STEWARD_AUDIT_KEYS`);
  return { id, secret };
}
