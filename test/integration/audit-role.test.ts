import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { auditKeyring } from '../../src/db/audit-keyring.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** The SQL block of docs/governance.md (a role that may only add to and read the audit log), run as written. */
const docsSql = () => {
  const md = readFileSync(new URL('../../docs/governance.md', import.meta.url), 'utf8');
  return /```sql\n([\s\S]*?)```/.exec(md)![1]!;
};

describe.runIf(hasPostgres())('Steward under the restricted role of docs/governance.md (PostgreSQL)', () => {
  let db: TestDatabase;
  const role = `steward_app_${process.pid}`;
  let url: string;
  beforeAll(async () => {
    db = await freshDatabase('postgres');
    await db.execute(docsSql().replaceAll('steward_app', role).replace("PASSWORD 'change-me'", "PASSWORD 'pw'"));
    const u = new URL(db.url!);
    u.username = role;
    u.password = 'pw';
    url = u.toString();
  });
  afterAll(async () => {
    await db.close();
    const admin = postgres(new URL(db.url!).toString().replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  });

  it('starts on the migrated database, works, and cannot change or delete audit rows even with the triggers in its way removed', async () => {
    const app = await openDatabase({ kind: 'postgres', url });
    try {
      const h = harness({ store: drizzleStore(app.db, auditKeyring([{ id: 'k', secret: 'restricted-role-secret-0123' }])), clock: new FixedClock() });
      expect((await h.say('register churn s3://m/1 --new-model')).error).toBeUndefined();
      for (const sql of ["update audit_events set actor = 'x'", 'delete from audit_events', 'truncate audit_events', 'alter table audit_events disable trigger user', 'drop trigger audit_events_append_only on audit_events']) {
        await expect(app.execute(sql), sql).rejects.toThrow(/permission denied|must be owner/);
      }
    } finally {
      await app.close();
    }
  });

  it('fails closed: when its audit event cannot be written, the action does not happen', async () => {
    await db.execute(`revoke insert on audit_events from ${role}`);
    const app = await openDatabase({ kind: 'postgres', url });
    try {
      const h = harness({ store: drizzleStore(app.db), clock: new FixedClock() });
      const before = await h.store.read.versions.list((await h.store.read.models.byName('churn'))!.id);
      const r = await h.say('register churn s3://m/2');
      expect(r.error).toBeDefined();
      expect(await h.store.read.versions.list((await h.store.read.models.byName('churn'))!.id)).toHaveLength(before.length);
    } finally {
      await app.close();
      await db.execute(`grant insert on audit_events to ${role}`);
    }
  });
});
