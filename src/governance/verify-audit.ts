import { ChainVerifier, type ChainVerdict } from './domain/hash-chain.js';
import type { AuditAnchor, AuditKeys } from './domain/audit-keys.js';
import type { AuditRepo } from '../ports/store.js';

const PAGE = 2000;

/** Walk the whole hash chain in pages (memory stays flat however long the log is), against the anchors kept outside the database. */
export async function verifyAudit(audit: AuditRepo, keys: AuditKeys | ((s: string) => string), anchors: readonly AuditAnchor[] = []): Promise<ChainVerdict> {
  const v = new ChainVerifier(keys, anchors);
  let after = 0;
  for (;;) {
    const page = await audit.scan(after, PAGE);
    if (!page.length) break;
    for (const e of page) if (!v.push(e)) return v.finish(null);
    after = page[page.length - 1]!.seq;
  }
  return v.finish(await audit.head());
}
