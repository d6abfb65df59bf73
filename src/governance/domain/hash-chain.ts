import { canonicalJson } from './canonical-json.js';
import { type AuditEvent, GENESIS_HASH } from './audit-event.js';
import { type AuditAnchor, anchorText, type AuditKeys, asAuditKeys } from './audit-keys.js';

/** The fields that are hashed: everything but the hash itself. */
export function hashMaterial(e: Omit<AuditEvent, 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    platform: e.platform,
    channel: e.channel,
    action: e.action,
    target: e.target,
    details: e.details,
    prevHash: e.prevHash,
    // a sealed entry names its key (so a key id cannot be swapped); entries from before keys hash as they did
    ...(e.keyId ? { keyId: e.keyId } : {}),
  });
}

/**
 * hash = HMAC-SHA256(key, previous hash + canonical JSON of the event) with the key the event names
 * (`keyId`), or SHA-256 of the same for an unkeyed event (before keys). Null when that key is not
 * configured. The MAC is injected: the core does no I/O.
 */
export function chainHash(e: Omit<AuditEvent, 'hash'>, keys: AuditKeys | ((s: string) => string)): string {
  return asAuditKeys(keys).seal(e.keyId ?? null, e.prevHash + hashMaterial(e)) ?? '';
}

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenSeq: number; reason: string };

/**
 * Walks events in seq order, one at a time (so a long log is verified in pages). Detects: an edited
 * field (hash mismatch), a deleted or inserted row (prevHash does not link, or seq skips), and a
 * deleted tail (the recorded head disagrees).
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private broken: ChainVerdict | null = null;
  private keyed = false;
  private readonly keys: AuditKeys;
  /** anchors by the seq they saw, the oldest first where two saw the same */
  private readonly anchors = new Map<number, AuditAnchor>();
  private lastAnchor: AuditAnchor | null = null;
  private anchorProblem: ChainVerdict | null = null;

  /**
   * `anchors`: signed heads kept outside the database. Each must be sealed by a configured key, and
   * the event of its seq must have its hash; the log must reach the newest one.
   */
  constructor(keys: AuditKeys | ((s: string) => string), anchors: readonly AuditAnchor[] = []) {
    this.keys = asAuditKeys(keys);
    for (const [i, a] of anchors.entries()) {
      if (this.keys.seal(a.keyId, anchorText(a)) !== a.sig) {
        this.anchorProblem ??= { ok: false, count: 0, brokenSeq: a.seq, reason: `anchor ${i + 1} (event #${a.seq}, written ${a.at}) is not sealed by a configured audit key: it was forged, or its key is missing from STEWARD_AUDIT_KEYS` };
        continue;
      }
      if (!this.anchors.has(a.seq)) this.anchors.set(a.seq, a);
      if (!this.lastAnchor || a.seq > this.lastAnchor.seq) this.lastAnchor = a;
    }
  }

  /** Feed the next event; returns false once the chain is broken (stop feeding). */
  push(e: AuditEvent): boolean {
    if (this.anchorProblem && !this.broken) this.broken = this.anchorProblem;
    if (this.broken) return false;
    const fail = (reason: string) => {
      this.broken = { ok: false, count: this.count, brokenSeq: e.seq, reason };
      return false;
    };
    if (e.seq !== this.expectedSeq) {
      const gap = e.seq - this.expectedSeq;
      return fail(`event #${e.seq} follows #${this.expectedSeq - 1}: event${gap > 1 ? 's' : ''} #${this.expectedSeq}${gap > 1 ? `–#${e.seq - 1}` : ''} missing`);
    }
    if (e.prevHash !== this.prev) return fail(`event #${e.seq} does not link to the event before it (prev_hash differs)`);
    const keyId = e.keyId ?? null;
    if (keyId === null && this.keyed) return fail(`event #${e.seq} (${e.action} on ${e.target}) is not sealed with a key although the events before it are: the log was rewritten from here`);
    const expected = this.keys.seal(keyId, e.prevHash + hashMaterial(e));
    if (expected === null) return fail(`event #${e.seq} is sealed with audit key "${keyId}", which is not configured: add it to STEWARD_AUDIT_KEYS to verify`);
    if (expected !== e.hash) return fail(`event #${e.seq} (${e.action} on ${e.target}) was altered: its hash does not match its content`);
    const anchor = this.anchors.get(e.seq);
    if (anchor && anchor.hash !== e.hash) return fail(`event #${e.seq} (${e.action} on ${e.target}) differs from the anchor written ${anchor.at}: the log was rewritten`);
    if (keyId !== null) this.keyed = true;
    this.prev = e.hash;
    this.expectedSeq++;
    this.count++;
    return true;
  }

  finish(head: { seq: number; hash: string } | null): ChainVerdict {
    if (this.anchorProblem && !this.broken) this.broken = this.anchorProblem;
    if (this.broken) return this.broken;
    const count = this.count;
    if (this.lastAnchor && this.lastAnchor.seq > count) {
      return { ok: false, count, brokenSeq: count + 1, reason: `events #${count + 1}–#${this.lastAnchor.seq} are missing: the anchor written ${this.lastAnchor.at} saw the log reach #${this.lastAnchor.seq}` };
    }
    if (head && (head.seq !== count || head.hash !== this.prev)) {
      const missingFrom = count + 1;
      return {
        ok: false,
        count,
        brokenSeq: missingFrom,
        reason: head.seq > count ? `events #${missingFrom}–#${head.seq} are missing from the end of the log` : `the recorded head (#${head.seq}) does not match the last event (#${count})`,
      };
    }
    if (!head && count > 0) return { ok: false, count, brokenSeq: count, reason: 'the audit head record is missing' };
    return { ok: true, count, headHash: this.prev };
  }
}

export function verifyChain(events: Iterable<AuditEvent>, head: { seq: number; hash: string } | null, keys: AuditKeys | ((s: string) => string), anchors: readonly AuditAnchor[] = []): ChainVerdict {
  const v = new ChainVerifier(keys, anchors);
  for (const e of events) if (!v.push(e)) break;
  return v.finish(head);
}
