/**
 * The keys that seal the audit log (a keyed MAC per entry, as Vault's audit devices HMAC theirs):
 * the secrets come from the environment (STEWARD_AUDIT_KEYS), never from the database, so a database
 * user who rewrites an entry cannot recompute its seal. Each entry names the key that sealed it, so
 * keys rotate: new entries use the current key, older ones stay verifiable while their key is listed.
 * The MAC itself is injected (src/db/audit-keyring.ts): the domain does no cryptography.
 */
export interface AuditKeys {
  /** the id of the key new entries are sealed with; null: unkeyed (plain SHA-256, logs from before keys) */
  readonly current: string | null;
  /** the seal of `data` with key `keyId` (null: plain SHA-256), hex; null when that key is not configured */
  seal(keyId: string | null, data: string): string | null;
}

/** Plain SHA-256 only (no key): what logs written before audit keys used. */
export const unkeyed = (sha256Hex: (s: string) => string): AuditKeys => ({ current: null, seal: (keyId, data) => (keyId === null ? sha256Hex(data) : null) });

/** Either keys, or (as before keys) a SHA-256 function. */
export const asAuditKeys = (k: AuditKeys | ((s: string) => string)): AuditKeys => (typeof k === 'function' ? unkeyed(k) : k);

/**
 * A signed head of the log kept outside the database (Certificate Transparency's signed tree head):
 * an anchor file line, or a message in the audit channel. `sig` seals `anchorText(...)`.
 */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  /** ISO time it was written */
  readonly at: string;
  readonly keyId: string | null;
  readonly sig: string;
}

export const anchorText = (a: Pick<AuditAnchor, 'seq' | 'hash' | 'at'>): string => `steward-audit-anchor|${a.seq}|${a.hash}|${a.at}`;

/** Where anchors are kept outside the database (a file; src/app/anchor-file.ts). */
export interface AnchorSink {
  append(a: AuditAnchor): Promise<void>;
  /** every anchor written so far, oldest first ([] when none) */
  read(): Promise<AuditAnchor[]>;
}
