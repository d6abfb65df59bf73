import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { Database } from '../../src/db/database.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';

const T0 = new Date('2026-11-27T12:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

/**
 * Contention needs real PostgreSQL (PGlite is one session): three connection pools, like three
 * replicas, race for the same slots, leases and cooldowns.
 */
describe.skipIf(!hasPostgres())('run ledger under contention (PostgreSQL, three pools)', () => {
  let db: TestDatabase;
  const pools: Database[] = [];
  let stores: Store[] = [];
  let scheduleId = 0;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    for (let i = 0; i < 3; i++) pools.push(await openDatabase({ kind: 'postgres', url: db.url!, max: 6 }, { migrate: false }));
    stores = pools.map((p) => drizzleStore(p.db));
    const s = await stores[0]!.read.schedules.create({ key: null, source: 'chat', kind: 'drift', models: ['*'], environment: 'production', cron: '* * * * * *', timezone: 'UTC', channel: { platform: 'slack', id: 'C1' }, windowSeconds: 3600, catchUpSeconds: 60, createdBy: 'x', at: T0 });
    scheduleId = s.id;
  });
  afterAll(async () => {
    for (const p of pools) await p.close();
    await db?.close();
  });

  it('gives each of 60 slots to exactly one of three racing processes', async () => {
    const attempts = [];
    for (let slot = 0; slot < 60; slot++) {
      for (const [i, st] of stores.entries()) {
        attempts.push(st.read.runs.claimNew({ job: `schedule:${scheduleId}`, scheduleId, slotAt: at(slot), by: `p${i}`, now: at(slot), leaseUntil: at(slot + 5) }).then((r) => (r ? slot : null)));
      }
    }
    const won = (await Promise.all(attempts)).filter((x) => x !== null);
    expect(won.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('lets exactly one of three processes take over each of 30 expired runs', async () => {
    const job = `schedule:${scheduleId}`;
    const attempts = [];
    for (let slot = 0; slot < 30; slot++) {
      for (const [i, st] of stores.entries()) {
        attempts.push(st.read.runs.takeOver({ job, slotAt: at(slot), by: `t${i}`, now: at(1000), leaseUntil: at(1030) }).then((r) => (r ? `${slot}:${r.attempts}` : null)));
      }
    }
    const won = (await Promise.all(attempts)).filter((x) => x !== null);
    expect(won).toHaveLength(30);
    expect(new Set(won.map((w) => w!.split(':')[0])).size).toBe(30);
    expect(won.every((w) => w!.endsWith(':2'))).toBe(true);
  });

  it('sends each of 20 alerts once when three processes claim the same cooldown at once', async () => {
    const attempts = [];
    for (let k = 0; k < 20; k++) for (const st of stores) attempts.push(st.read.alerts.claimCooldown(`drift|m${k}|production|f|critical`, T0, 3600).then((won) => (won ? k : null)));
    const won = (await Promise.all(attempts)).filter((x) => x !== null);
    expect(won.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('merges concurrent subscribes of one channel instead of losing events', async () => {
    const k = { platform: 'slack' as const, channelId: 'C9', model: 'fraud-detector' };
    const evs = ['registered', 'approved', 'deployed', 'drift', 'bias', 'rolled_back'] as const;
    await Promise.all(evs.map((e, i) => stores[i % 3]!.read.subscriptions.addEvents(k, [e], 'x', T0)));
    expect((await stores[0]!.read.subscriptions.get(k))!.events).toEqual(['registered', 'approved', 'deployed', 'rolled_back', 'drift', 'bias']);
  });
});
