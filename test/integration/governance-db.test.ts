import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { sha256Hex } from '../../src/db/repos/audit-repo.js';
import { openDatabase } from '../../src/db/open-database.js';
import { verifyAudit } from '../../src/governance/verify-audit.js';
import { drivers, freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { HEX64, harness } from '../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { openRuntime } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/ports/logger.js';
import { hashMaterial } from '../../src/governance/domain/hash-chain.js';

const GOOD = '--metric auc=0.93 --fairness demographicParityRatio=0.9 --intended-use "fraud review"';
const id = (r: { data?: unknown }) => (r.data as { id: number }).id;

describe.each(drivers())('governance on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver, { max: 20 });
  });
  afterEach(async () => db.close());

  it('runs the 2-of-3 flow with every decision in the database and an intact audit chain', async () => {
    const h = harness({ store: drizzleStore(db.db), config: configFromYaml(GOVERNANCE_YAML) });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('a')} ${GOOD}`, 'alice');
    const rid = id(await h.say('deploy fraud-detector 1 to production', 'alice'));
    expect((await h.click({ v: 1, a: 'approve', id: String(rid) }, 'alice')).error).toBe('forbidden');
    await h.say(`approve ${rid}`, 'bob');
    expect((await h.say(`approve ${rid}`, 'bob')).error).toBe('conflict');
    const done = await h.say(`approve ${rid}`, 'carol');
    expect(done.out).toMatch(/Status:\s+Approved/);
    expect((await h.store.read.decisions.list(rid)).map((d) => [d.actor, d.kind])).toEqual([
      ['console:bob', 'approve'],
      ['console:carol', 'approve'],
    ]);
    expect(h.executor.submitted).toEqual([rid]);
    expect(await verifyAudit(h.store.read.audit, sha256Hex)).toMatchObject({ ok: true, count: 5 });
  });

  it('detects a change to any single field of any audit row, and a deleted row, naming the event', async () => {
    const h = harness({ store: drizzleStore(db.db), config: configFromYaml(GOVERNANCE_YAML) });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('a')} ${GOOD}`, 'alice');
    await h.say(`register fraud-detector s3://m/2 --sha256 ${HEX64('b')} ${GOOD}`, 'alice');
    const rid = id(await h.say('deploy fraud-detector 2 to production', 'alice'));
    await h.say(`approve ${rid}`, 'bob');
    const audit = h.store.read.audit;
    expect(await verifyAudit(audit, sha256Hex)).toMatchObject({ ok: true, count: 5 });
    const edits: [string, string][] = [
      ['at', "at = at + interval '1 second'"],
      ['actor', "actor = 'console:mallory'"],
      ['platform', "platform = 'slack'"],
      ['channel', "channel = 'elsewhere'"],
      ['action', "action = 'deploy.rejected'"],
      ['target', "target = 'model:other'"],
      ['details', `details = jsonb_set(details, '{version}', '9')`],
      ['prev_hash', "prev_hash = repeat('1', 64)"],
      ['hash', "hash = repeat('f', 64)"],
    ];
    // what a database owner can do: switch the append-only triggers off, then edit rows
    await db.execute('alter table audit_events disable trigger user');
    await db.execute('create table audit_backup as select * from audit_events');
    for (const seq of [1, 2, 5]) {
      for (const [field, set] of edits) {
        await db.execute(`update audit_events set ${set} where seq = ${seq}`);
        const v = await verifyAudit(audit, sha256Hex);
        await db.execute('delete from audit_events; insert into audit_events select * from audit_backup');
        expect(v.ok, `${field} of #${seq}`).toBe(false);
        expect(v.ok ? 0 : v.brokenSeq, `${field} of #${seq}`).toBe(seq);
      }
    }
    expect(await verifyAudit(audit, sha256Hex)).toMatchObject({ ok: true, count: 5 });
    await db.execute('delete from audit_events where seq = 5');
    expect(await verifyAudit(audit, sha256Hex)).toMatchObject({ ok: false, brokenSeq: 5, reason: 'events #5–#5 are missing from the end of the log' });
    await db.execute('insert into audit_events select * from audit_backup where seq = 5');
    await db.execute('delete from audit_events where seq = 3');
    expect(await verifyAudit(audit, sha256Hex)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'event #4 follows #2: event #3 missing' });
  });
});

describe.runIf(hasPostgres())('concurrency on PostgreSQL', () => {
  it('50 concurrent approvals from 50 approvers: exactly one transition to approved, one hand-off, intact audit', async () => {
    const db = await freshDatabase('postgres', { max: 20 });
    try {
      const yaml = GOVERNANCE_YAML.replace('"console:root": [admin]', '"console:*": [approver]\n  "console:root": [admin]');
      const h = harness({ store: drizzleStore(db.db), config: configFromYaml(yaml) });
      await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('a')} ${GOOD}`, 'alice');
      const rid = id(await h.say('deploy fraud-detector 1 to production', 'alice'));
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => h.click({ v: 1, a: 'approve', id: String(rid) }, `approver${i}`)));
      const accepted = results.filter((r) => !r.error);
      const refused = results.filter((r) => r.error);
      expect(h.executor.submitted).toEqual([rid]);
      expect((await h.store.read.deployments.byId(rid))!.status).toBe('approved');
      // the first two decisions form the quorum; everyone after is told it is already approved
      expect(accepted).toHaveLength(2);
      expect(refused.every((r) => r.error === 'conflict' && r.out.includes('is already approved'))).toBe(true);
      expect(await h.store.read.decisions.list(rid)).toHaveLength(2);
      const approvedEvents = (await h.store.read.audit.recent({ target: `deployment:${rid}`, limit: 100 })).filter((e) => e.details.status === 'approved');
      expect(approvedEvents).toHaveLength(1);
      expect(await verifyAudit(h.store.read.audit, sha256Hex)).toMatchObject({ ok: true });
    } finally {
      await db.close();
    }
  });
});

describe('steward audit verify (the CLI)', () => {
  it('exits 0 with the count when intact, and 1 naming the broken event after tampering', async () => {
    const dir = tempDir('audit');
    const env = { STEWARD_DATA_DIR: dir, LOG_LEVEL: 'silent', STEWARD_USER: 'ci' };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await main(['register', 'churn', 's3://m/1'], env, io)).toBe(0);
    expect(await main(['register', 'churn', 's3://m/2'], env, io)).toBe(0);
    expect(await main(['audit', 'verify'], env, io)).toBe(0);
    expect(out.at(-1)).toMatch(/^audit log intact: 3 events verified/);
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.execute('alter table audit_events disable trigger user');
    await db.execute(`update audit_events set details = '{"version": 7}' where seq = 2`);
    await db.close();
    expect(await main(['audit', 'verify'], env, io)).toBe(1);
    expect(err.at(-1)).toBe('steward: audit log broken at event #2: event #2 (version.registered on model:churn) was altered: its hash does not match its content (1 events before it verified)');
    out.length = 0;
    expect(await main(['audit', 'export', '--format', 'csv'], env, io)).toBe(0);
    expect(out[0]).toBe('seq,at,actor,platform,channel,action,target,details,prevHash,hash');
    expect(out).toHaveLength(4);
  });
});

describe('steward audit verify against the anchors a running Steward writes', () => {
  it('says the anchors agree; after a rewrite of the whole log without the key, exits 1 naming the anchored event', async () => {
    const dir = tempDir('audit-anchors');
    const env = { STEWARD_DATA_DIR: dir, LOG_LEVEL: 'silent', STEWARD_USER: 'ci' };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await main(['register', 'churn', 's3://m/1'], env, io)).toBe(0);
    // what `steward start` does at start (and on a schedule, and after each decision): anchor the head
    const loaded = loadConfig(env, dir);
    if (!loaded.ok) throw new Error('config');
    const rt = await openRuntime(loaded.config, silentLogger, { mode: 'server' });
    await rt.anchor!();
    await rt.close();
    expect(readFileSync(join(dir, 'audit-anchors.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await main(['audit', 'verify'], env, io)).toBe(0);
    expect(out.at(-1)).toMatch(/^audit log intact: 2 events verified; head [0-9a-f]{16}…; 1 anchor in .*audit-anchors\.jsonl agree$/);
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    const rows = (await db.execute('select * from audit_events order by seq')) as { seq: number; at: Date | string; actor: string; platform: string; channel: string | null; action: string; target: string; details: Record<string, unknown> }[];
    await db.execute('alter table audit_events disable trigger user; alter table audit_head disable trigger user');
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const e = { seq: Number(r.seq), at: new Date(r.at), actor: 'console:mallory', platform: r.platform, channel: r.channel, action: r.action as never, target: r.target, details: r.details, prevHash: prev, keyId: null };
      const hash = sha256Hex(prev + hashMaterial(e));
      await db.execute(`update audit_events set actor = 'console:mallory', prev_hash = '${prev}', hash = '${hash}', key_id = null where seq = ${e.seq}`);
      prev = hash;
    }
    await db.execute(`update audit_head set hash = '${prev}'`);
    await db.close();
    expect(await main(['audit', 'verify'], env, io)).toBe(1);
    expect(err.at(-1)).toMatch(/^steward: audit log broken at event #2: event #2 \(version\.registered on model:churn\) differs from the anchor written /);
  });
});
