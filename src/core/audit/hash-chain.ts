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
 * Walk events in seq order. Detects: an edited field (hash mismatch), a deleted or inserted row
 * (prevHash does not link, or seq skips), and a deleted tail (the recorded head disagrees).
 */
export function verifyChain(
  events: Iterable<AuditEvent>,
  head: { seq: number; hash: string } | null,
  sha256Hex: (s: string) => string,
): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const e of events) {
    if (e.seq !== expectedSeq) {
      return { ok: false, count, brokenSeq: e.seq, reason: `event #${e.seq} follows #${expectedSeq - 1}: event${e.seq - expectedSeq > 1 ? 's' : ''} #${expectedSeq}${e.seq - expectedSeq > 1 ? `–#${e.seq - 1}` : ''} missing` };
    }
    if (e.prevHash !== prev) {
      return { ok: false, count, brokenSeq: e.seq, reason: `event #${e.seq} does not link to the event before it (prev_hash differs)` };
    }
    const h = chainHash(e, sha256Hex);
    if (h !== e.hash) {
      return { ok: false, count, brokenSeq: e.seq, reason: `event #${e.seq} (${e.action} on ${e.target}) was altered: its hash does not match its content` };
    }
    prev = e.hash;
    expectedSeq++;
    count++;
  }
  if (head && (head.seq !== count || head.hash !== prev)) {
    const missingFrom = count + 1;
    return {
      ok: false,
      count,
      brokenSeq: missingFrom,
      reason: head.seq > count ? `events #${missingFrom}–#${head.seq} are missing from the end of the log` : `the recorded head (#${head.seq}) does not match the last event (#${count})`,
    };
  }
  if (!head && count > 0) return { ok: false, count, brokenSeq: count, reason: 'the audit head record is missing' };
  return { ok: true, count, headHash: prev };
}
