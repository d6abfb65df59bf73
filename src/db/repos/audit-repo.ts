import { and, asc, desc, eq, gt, gte, like, sql, type SQL } from 'drizzle-orm';
import { type AuditAction, type AuditEvent, GENESIS_HASH } from '../../governance/domain/audit-event.js';
import { chainHash } from '../../governance/domain/hash-chain.js';
import { type AuditKeys, unkeyed } from '../../governance/domain/audit-keys.js';
import { sha256Hex } from '../audit-keyring.js';
import type { AuditRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { auditEvents, auditHead } from '../schema.js';

export const AUDIT_LOCK = 727_274_002;
export { sha256Hex };

type Row = typeof auditEvents.$inferSelect;
const toEvent = (r: Row): AuditEvent => ({ ...r, action: r.action as AuditAction });

/** `inTx` is false for the non-transactional repos: appending there would break the chain's lock. */
/** `keys` seal each new entry (its key id recorded with it); without keys, plain SHA-256 as before keys. */
export function auditRepo(db: Db, inTx: boolean, keys: AuditKeys = unkeyed(sha256Hex)): AuditRepo {
  return {
    async append(input, at) {
      if (!inTx) throw new Error('audit.append must run inside store.transaction');
      // Serialize appends across processes for the rest of this transaction.
      await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
      const prevHash = head?.hash ?? GENESIS_HASH;
      const seq = (head?.seq ?? 0) + 1;
      // Round to milliseconds: what JavaScript can hold is what gets hashed and stored.
      const event: Omit<AuditEvent, 'hash'> = { seq, at: new Date(at.getTime()), prevHash, ...input, details: JSON.parse(JSON.stringify(input.details)), keyId: keys.current };
      const hash = chainHash(event, keys);
      await db.insert(auditEvents).values({ ...event, hash });
      await db
        .insert(auditHead)
        .values({ id: 1, seq, hash })
        .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash } });
      return { ...event, hash };
    },
    async recent(q) {
      const conds: SQL[] = [];
      if (q.target) conds.push(eq(auditEvents.target, q.target));
      if (q.targetPrefix) conds.push(like(auditEvents.target, `${q.targetPrefix.replace(/[%_\\]/g, '\\$&')}%`));
      if (q.since) conds.push(gte(auditEvents.at, q.since));
      const rows = await db
        .select()
        .from(auditEvents)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(auditEvents.seq))
        .limit(q.limit ?? 20);
      return rows.map(toEvent);
    },
    async scan(afterSeq, limit) {
      const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
      return rows.map(toEvent);
    },
    async head() {
      const [h] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
      return h ? { seq: h.seq, hash: h.hash } : null;
    },
  };
}
