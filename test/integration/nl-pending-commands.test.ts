import { afterEach, describe, expect, it } from 'vitest';
import type { PendingCommand } from '../../src/llm/domain/pending-command.js';
import { ok } from '../../src/core/result.js';
import type { Store } from '../../src/ports/store.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { consumeConfirmation } from '../../src/llm/confirm-consume.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { storeImpls } from '../helpers/store-impls.js';
import { type NlSetup, nlSetup } from '../llm/nl-setup.js';

const T0 = new Date('2026-11-27T12:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const NEW = { actor: 'slack:U1', platform: 'slack' as const, channelId: 'C1', threadId: '1515449522.000016', command: '/mlops lock fraud-detector production "freeze for audit"', verb: 'lock', risk: 'write' as const, createdAt: T0, expiresAt: at(10) };

describe.each(storeImpls())('pending natural-language commands on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  afterEach(async () => close?.());

  const open = async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
  };
  const create = () => store.transaction(async (tx) => ok(await tx.pendingCommands.create(NEW)));

  it('stores every field, consumes once, and purges what expired long ago', async () => {
    await open();
    const c = await create();
    if (!c.ok) throw new Error(c.error.message);
    const expected: PendingCommand = { ...NEW, id: c.value.id, consumedAt: null, outcome: null };
    expect(c.value).toEqual(expected);
    expect(await store.read.pendingCommands.byId(c.value.id)).toEqual(expected);
    expect(await store.read.pendingCommands.byId(c.value.id + 100)).toBeNull();

    const first = await store.transaction(async (tx) => ok(await tx.pendingCommands.consume(c.value.id, at(1), 'confirmed')));
    const second = await store.transaction(async (tx) => ok(await tx.pendingCommands.consume(c.value.id, at(2), 'cancelled')));
    expect([first, second]).toEqual([ok(true), ok(false)]);
    expect(await store.read.pendingCommands.byId(c.value.id)).toMatchObject({ consumedAt: at(1), outcome: 'confirmed' });

    const purged = await store.transaction(async (tx) => ok([await tx.pendingCommands.purgeExpired(at(10)), await tx.pendingCommands.purgeExpired(at(11))]));
    expect(purged).toEqual(ok([0, 1]));
    expect(await store.read.pendingCommands.byId(c.value.id)).toBeNull();
  });

  it('refuses another person, an expired one and a used one without consuming anything', async () => {
    await open();
    const c = await create();
    if (!c.ok) throw new Error(c.error.message);
    const clock = new FixedClock(at(5));
    expect(await consumeConfirmation(store, clock, 'slack:U2', c.value.id, 'confirmed')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    clock.set(at(10));
    expect(await consumeConfirmation(store, clock, 'slack:U1', c.value.id, 'confirmed')).toMatchObject({ ok: false, error: { code: 'expired' } });
    expect((await store.read.pendingCommands.byId(c.value.id))?.consumedAt).toBeNull();
    clock.set(at(9));
    expect(await consumeConfirmation(store, clock, 'slack:U1', c.value.id, 'confirmed')).toMatchObject({ ok: true, value: { consumedAt: at(9), outcome: 'confirmed' } });
    expect(await consumeConfirmation(store, clock, 'slack:U1', c.value.id, 'confirmed')).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe.each(drivers())('ask -> confirm on %s', (driver) => {
  let env: NlSetup | null = null;
  let db: TestDatabase | null = null;
  afterEach(async () => {
    await env?.close();
    await db?.close();
    env = null;
    db = null;
  });

  it('stores the confirmation in the database and runs a double-clicked Confirm exactly once', async () => {
    db = await freshDatabase(driver);
    env = await nlSetup({ store: drizzleStore(db.db) });
    // register has no "one open request" rule of its own: without the consume guard, two clicks would make two versions
    env.llm.answerToolCall('register', { model: 'fraud-detector', artifactUri: 's3://m/3', metric: ['auc=0.94'] });
    const r = await env.h.say('/mlops ask register s3://m/3 as a new fraud-detector version, auc 0.94', 'alice');
    const confirm = r.buttons!.find((b) => b.label === 'Confirm')!.action;
    const rows = await db.execute(`select actor, platform, channel_id, command, verb, risk, consumed_at, extract(epoch from expires_at - created_at)::int as ttl from pending_commands where id = ${Number(confirm.id)}`);
    expect(rows).toEqual([
      { actor: 'console:alice', platform: 'console', channel_id: 'console', command: '/mlops register fraud-detector s3://m/3 --metric auc=0.94', verb: 'register', risk: 'write', consumed_at: null, ttl: 600 },
    ]);

    expect((await env.h.click(confirm, 'erin')).error).toBe('forbidden');
    const clicks = await Promise.all([1, 2, 3].map(() => env!.h.click(confirm, 'alice')));
    expect(clicks.filter((c) => !c.error)).toHaveLength(1);
    expect(clicks.filter((c) => c.error === 'conflict')).toHaveLength(2);
    const versions = await env.h.store.read.versions.list((await env.h.store.read.models.byName('fraud-detector'))!.id);
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[0]!.metrics).toEqual({ auc: 0.94 });
    expect(versions[0]!.createdBy).toBe('console:alice');
  });

  it('refuses an expired confirmation from the database and runs nothing', async () => {
    db = await freshDatabase(driver);
    env = await nlSetup({ store: drizzleStore(db.db) });
    env.llm.answerToolCall('lock', { model: 'fraud-detector', env: 'production', reason: 'freeze for the audit' });
    const r = await env.h.say('/mlops ask freeze fraud-detector in production for the audit', 'root');
    env.h.clock.advance(11 * 60_000);
    const late = await env.h.click(r.buttons!.find((b) => b.label === 'Confirm')!.action, 'root');
    expect(late.error).toBe('expired');
    const m = await env.h.store.read.models.byName('fraud-detector');
    expect(await env.h.store.read.locks.get(m!.id, 'production')).toBeNull();
  });
});
