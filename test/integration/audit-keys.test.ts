import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditKeyring, sha256Hex } from '../../src/db/audit-keyring.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { auditAnchorer } from '../../src/governance/anchor-audit.js';
import type { AnchorSink, AuditAnchor } from '../../src/governance/domain/audit-keys.js';
import { hashMaterial } from '../../src/governance/domain/hash-chain.js';
import { verifyAudit } from '../../src/governance/verify-audit.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';

const KEYS = [{ id: '2026-12', secret: 'audit-secret-december-0123456789' }];
const memorySink = (): AnchorSink & { lines: AuditAnchor[] } => {
  const lines: AuditAnchor[] = [];
  return { lines, append: async (a) => void lines.push(a), read: async () => [...lines] };
};

describe.each(drivers())('an audit log that holds against database users, on %s', (driver) => {
  let db: TestDatabase;
  const clock = new FixedClock(new Date('2026-12-06T10:00:00Z'));
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  async function logOf(n: number, keys = auditKeyring(KEYS)) {
    const h = harness({ store: drizzleStore(db.db, keys), clock });
    for (let i = 1; i <= n; i++) expect((await h.say(`register churn s3://m/${i}${i === 1 ? ' --new-model' : ''}`)).error).toBeUndefined();
    return h;
  }

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows, and moving the head back', async () => {
    await logOf(2);
    for (const sql of ["update audit_events set actor = 'console:mallory' where seq = 1", 'delete from audit_events where seq = 2', 'truncate audit_events', 'update audit_head set seq = 1', 'delete from audit_head']) {
      await expect(db.execute(sql), sql).rejects.toThrow(/the audit log is append-only/);
    }
    const rows = (await db.execute('select count(*)::int as n from audit_events')) as unknown;
    const n = Array.isArray(rows) ? (rows[0] as { n: number }).n : (rows as { rows: { n: number }[] }).rows[0]!.n;
    expect(n).toBe(3); // model.registered and 2 × version.registered: nothing changed or removed
  });

  it('entries are sealed with the key they name; rewriting one and recomputing the unkeyed hashes and the head fails verify at that event', async () => {
    const h = await logOf(3);
    const keys = auditKeyring(KEYS);
    const events = await h.store.read.audit.scan(0, 100);
    expect(events.every((e) => e.keyId === '2026-12')).toBe(true);
    expect(await verifyAudit(h.store.read.audit, keys)).toMatchObject({ ok: true, count: 4 });
    // without the key the log cannot be verified (nor resealed)
    expect(await verifyAudit(h.store.read.audit, sha256Hex)).toMatchObject({ ok: false, brokenSeq: 1, reason: expect.stringMatching(/sealed with audit key "2026-12", which is not configured/) });

    // the attacker: owner rights, no key. Triggers off, event #3 edited, every hash from #3 on and the head recomputed
    await db.execute('alter table audit_events disable trigger user');
    await db.execute('alter table audit_head disable trigger user');
    let prev = events[1]!.hash;
    for (const e of events.slice(2)) {
      const forged = { ...e, keyId: null, actor: e.seq === 3 ? 'console:mallory' : e.actor, prevHash: prev };
      const hash = sha256Hex(prev + hashMaterial(forged));
      await db.execute(`update audit_events set actor = '${forged.actor}', prev_hash = '${prev}', hash = '${hash}', key_id = null where seq = ${e.seq}`);
      prev = hash;
    }
    await db.execute(`update audit_head set hash = '${prev}'`);
    expect(await verifyAudit(h.store.read.audit, keys)).toMatchObject({ ok: false, brokenSeq: 3, reason: expect.stringMatching(/^event #3 .* is not sealed with a key although the events before it are/) });
  });

  it('keys rotate: entries sealed with an older key stay verifiable while it is listed', async () => {
    const h = await logOf(1);
    const rotated = auditKeyring([{ id: '2027-01', secret: 'audit-secret-january-9876543210' }, ...KEYS]);
    const h2 = harness({ store: drizzleStore(db.db, rotated), clock });
    expect((await h2.say('register churn s3://m/9')).error).toBeUndefined();
    expect((await h.store.read.audit.scan(0, 100)).map((e) => e.keyId)).toEqual(['2026-12', '2026-12', '2027-01']);
    expect(await verifyAudit(h.store.read.audit, rotated)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAudit(h.store.read.audit, auditKeyring([{ id: '2027-01', secret: 'audit-secret-january-9876543210' }]))).toMatchObject({ ok: false, brokenSeq: 1 });
  });

  it('anchors outside the database catch a log rewritten from its first event, a truncated tail and a forged anchor', async () => {
    const h = await logOf(2);
    const keys = auditKeyring(KEYS);
    const sink = memorySink();
    const anchor = auditAnchorer({ store: h.store, clock, keys, sink });
    expect(await anchor()).toMatchObject({ seq: 3, keyId: '2026-12' });
    expect(await anchor()).toBeNull(); // the same head is not anchored twice
    expect(await verifyAudit(h.store.read.audit, keys, sink.lines)).toMatchObject({ ok: true, count: 3 });

    // a forged anchor (no key): refused
    const forged = { ...sink.lines[0]!, hash: 'f'.repeat(64) };
    expect(await verifyAudit(h.store.read.audit, keys, [forged])).toMatchObject({ ok: false, reason: expect.stringMatching(/anchor 1 .* is not sealed by a configured audit key/) });

    // the whole log rewritten unkeyed from #1 (the chain alone is consistent): the anchor disagrees
    const events = await h.store.read.audit.scan(0, 100);
    await db.execute('alter table audit_events disable trigger user');
    await db.execute('alter table audit_head disable trigger user');
    let prev = '0'.repeat(64);
    for (const e of events) {
      const hash = sha256Hex(prev + hashMaterial({ ...e, keyId: null, prevHash: prev, target: 'model:other' }));
      await db.execute(`update audit_events set target = 'model:other', prev_hash = '${prev}', hash = '${hash}', key_id = null where seq = ${e.seq}`);
      prev = hash;
    }
    await db.execute(`update audit_head set hash = '${prev}'`);
    expect(await verifyAudit(h.store.read.audit, keys)).toMatchObject({ ok: true }); // what an unanchored log cannot tell
    expect(await verifyAudit(h.store.read.audit, keys, sink.lines)).toMatchObject({ ok: false, brokenSeq: 3, reason: expect.stringMatching(/differs from the anchor written/) });
  });

  it('a truncated tail is found from the anchor even when the head row is rewritten to match', async () => {
    const h = await logOf(2);
    const keys = auditKeyring(KEYS);
    const sink = memorySink();
    await auditAnchorer({ store: h.store, clock, keys, sink })();
    const events = await h.store.read.audit.scan(0, 100);
    await db.execute('alter table audit_events disable trigger user');
    await db.execute('alter table audit_head disable trigger user');
    await db.execute('delete from audit_events where seq = 3');
    await db.execute(`update audit_head set seq = 2, hash = '${events[1]!.hash}'`);
    expect(await verifyAudit(h.store.read.audit, keys)).toMatchObject({ ok: true, count: 2 });
    expect(await verifyAudit(h.store.read.audit, keys, sink.lines)).toMatchObject({ ok: false, brokenSeq: 3, reason: expect.stringMatching(/events #3–#3 are missing: the anchor written .* saw the log reach #3/) });
  });
});
