import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The pages key kept in the data directory when STEWARD_PAGES_KEY is not set: created once, 32
 * random bytes, readable by its owner only (like the audit key, src/db/audit-keyring.ts). Replicas
 * must share one key (STEWARD_PAGES_KEY) or a link made by one is refused by another.
 */
export function localPagesKey(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // another process made it first: use that one
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 16) throw new Error(`${file} is not a pages key (at least 16 characters); remove it to have a new key made, or set STEWARD_PAGES_KEY`);
  return secret;
}
