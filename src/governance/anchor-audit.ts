import type { Clock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { type AnchorSink, type AuditAnchor, anchorText, type AuditKeys } from './domain/audit-keys.js';

/**
 * Anchors the audit log's head outside the database: the head's seq and hash, sealed with the
 * current audit key, appended to the sink — on a schedule and after every governance decision. A
 * head already anchored is not written again. Returns the anchor written, or null.
 */
export function auditAnchorer(deps: { store: Pick<Store, 'read'>; clock: Clock; keys: AuditKeys; sink: AnchorSink }): () => Promise<AuditAnchor | null> {
  let last: { seq: number; hash: string } | null = null;
  let running: Promise<AuditAnchor | null> = Promise.resolve(null);
  const once = async (): Promise<AuditAnchor | null> => {
    const head = await deps.store.read.audit.head();
    if (!head || (last && last.seq === head.seq && last.hash === head.hash)) return null;
    const at = deps.clock.now().toISOString();
    const keyId = deps.keys.current;
    const anchor: AuditAnchor = { seq: head.seq, hash: head.hash, at, keyId, sig: deps.keys.seal(keyId, anchorText({ ...head, at }))! };
    await deps.sink.append(anchor);
    last = head;
    return anchor;
  };
  // one at a time: a decision's anchor waits for the one in progress
  return () => (running = running.then(once, once));
}
