import { canonicalJson } from './canonical-json.js';
import { type AuditEvent, GENESIS_HASH } from './audit-event.js';

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
  });
}

/** hash = SHA-256(previous hash + canonical JSON of the event). `sha256Hex` is injected: the core does no I/O. */
export function chainHash(e: Omit<AuditEvent, 'hash'>, sha256Hex: (s: string) => string): string {
  return sha256Hex(e.prevHash + hashMaterial(e));
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

  constructor(private readonly sha256Hex: (s: string) => string) {}

  /** Feed the next event; returns false once the chain is broken (stop feeding). */
  push(e: AuditEvent): boolean {
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
    if (chainHash(e, this.sha256Hex) !== e.hash) return fail(`event #${e.seq} (${e.action} on ${e.target}) was altered: its hash does not match its content`);
    this.prev = e.hash;
    this.expectedSeq++;
    this.count++;
    return true;
  }

  finish(head: { seq: number; hash: string } | null): ChainVerdict {
    if (this.broken) return this.broken;
    const count = this.count;
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

export function verifyChain(events: Iterable<AuditEvent>, head: { seq: number; hash: string } | null, sha256Hex: (s: string) => string): ChainVerdict {
  const v = new ChainVerifier(sha256Hex);
  for (const e of events) if (!v.push(e)) break;
  return v.finish(head);
}
