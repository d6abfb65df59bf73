import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/ports/logger.js';
import { ALIVE_WITHIN_MS, runningStewards, startHeartbeat } from '../../src/app/instance-heartbeat.js';
import { type Runtime, openRuntime } from '../../src/app/runtime.js';
import type { Store } from '../../src/ports/store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { storeImpls } from '../helpers/store-impls.js';
import { configFromYaml } from '../helpers/test-config.js';

const T = new Date('2026-11-27T12:00:00.000Z');
const at = (ms: number) => new Date(T.getTime() + ms);
const SERVER = { id: 'vm:4242:abc123', host: 'vm', pid: 4242, startedAt: at(-3_600_000) };

describe.each(storeImpls())('the heartbeat of running Stewards (steward_instances) on %s', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await impl.open());
  });
  afterEach(async () => close());

  it('records a server, renews only its last-seen time, lists who was seen since an instant, and forgets it on shutdown', async () => {
    const i = store.read.instances;
    await i.beat(SERVER, at(-20_000));
    await i.beat({ ...SERVER, startedAt: at(0) }, at(-5_000)); // a renewal keeps the start
    await i.beat({ id: 'other', host: 'vm2', pid: 7, startedAt: at(-60_000) }, at(-30_000));
    expect(await i.seenSince(at(-10_000))).toEqual([{ ...SERVER, seenAt: at(-5_000) }]);
    expect((await i.seenSince(at(-30_000))).map((x) => x.id)).toEqual([SERVER.id, 'other']);
    expect(await i.prune(at(-10_000))).toBe(1);
    await i.remove(SERVER.id);
    expect(await i.seenSince(at(-3_600_000))).toEqual([]);
  });

  it('a Steward counts as running while its last beat is within three beats of now', async () => {
    await store.read.instances.beat(SERVER, at(-ALIVE_WITHIN_MS));
    expect((await runningStewards(store, T)).map((x) => x.id)).toEqual([SERVER.id]);
    expect(await runningStewards(store, at(1))).toEqual([]);
  });

  it('startHeartbeat beats at once and on every tick of its clock, and stop removes the row', async () => {
    const clock = new FixedClock(T);
    const hb = await startHeartbeat({ store, clock, log: silentLogger }, { id: 'me', host: 'vm', pid: 1 }, 10);
    expect(await store.read.instances.seenSince(T)).toMatchObject([{ id: 'me', startedAt: T, seenAt: T }]);
    clock.set(at(5_000));
    for (let n = 0; !(await store.read.instances.seenSince(at(5_000))).length; n++) {
      if (n > 500) throw new Error('no beat after the clock moved');
      await new Promise((r) => setTimeout(r, 10));
    }
    await hb.stop();
    expect(await store.read.instances.seenSince(at(-3_600_000))).toEqual([]);
  });
});

const YAML = `
members:
  "console:*": [admin]
policies:
  staging:
    approvals: 0
  production:
    approvals: 1
    approverRoles: [admin]
`;

describe.each(drivers())('one-shot commands say when nobody will run the work they queue, on %s', (driver) => {
  let db: TestDatabase;
  let rt: Runtime;
  const say = async (text: string, channel = 'console', as = 'alice') => {
    const r = await rt.steward.app.handleText({ actor: { platform: 'console', id: as }, channel: { platform: channel === 'console' ? 'console' : 'slack', id: channel }, text });
    expect(r.error, text).toBeUndefined();
    return r;
  };
  beforeEach(async () => {
    db = await freshDatabase(driver);
    rt = await openRuntime(configFromYaml(YAML), silentLogger, { mode: 'one-shot', database: db, clock: new FixedClock(T) });
    await say('/mlops register fraud-detector s3://m/1');
    await rt.unattendedWork();
  });
  afterEach(async () => db.close());

  it('an approval that queues a deployment: says it stays approved until steward start, unless a Steward was seen within three beats', async () => {
    expect((await say('/mlops deploy fraud-detector 1 to staging')).data).toMatchObject({ status: 'approved' });
    expect(await rt.unattendedWork()).toBe('No running Steward is connected to this database: deployment #1 stays approved until you run `steward start`.');
    expect(await rt.unattendedWork()).toBeNull(); // said once

    await rt.steward.commands.store.read.instances.beat(SERVER, at(-ALIVE_WITHIN_MS)); // the server's last beat, just within the window
    await say('/mlops deploy fraud-detector 1 to production');
    await say('/mlops approve 2', 'console', 'bob');
    expect(await rt.unattendedWork()).toBeNull(); // the reply's "Approved — queued to run" holds
    await rt.steward.commands.store.read.instances.beat(SERVER, at(-ALIVE_WITHIN_MS - 1)); // one beat missed too many
    await say('/mlops register churn s3://c/1');
    await say('/mlops deploy churn 1 to staging');
    expect(await rt.unattendedWork()).toBe('No running Steward is connected to this database: deployment #3 stays approved until you run `steward start`.');
  });

  it('a message queued for subscribed channels and a requested report say so too; a request that waits for approval queues nothing', async () => {
    await say('/mlops subscribe fraud-detector', 'C-ML');
    await rt.unattendedWork();
    await say('/mlops deploy fraud-detector 1 to production'); // awaiting approval: the card goes to the outbox for C-ML
    expect(await rt.unattendedWork()).toBe('No running Steward is connected to this database: the message to subscribed channels is not posted until you run `steward start`.');
    await say('/mlops approve 1', 'console', 'bob');
    expect(await rt.unattendedWork()).toBe('No running Steward is connected to this database: deployment #1 stays approved and the message to subscribed channels is not posted until you run `steward start`.');

    await say('/mlops schedule digest * "0 9 * * 1" --env staging', 'C-ML');
    expect(await rt.unattendedWork()).toBeNull();
    const run = await say('/mlops run-schedule 1');
    expect(run.blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).toMatch(/is queued: it is posted to .* by a running Steward \(it checks every 5 s\)/);
    expect(await rt.unattendedWork()).toBe('No running Steward is connected to this database: the report of schedule #1 is not posted until you run `steward start` (a requested report lapses after an hour).');
  });

  it('a refused command queues nothing, and a Steward that runs deploys itself never adds the line', async () => {
    const r = await rt.steward.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'console' }, text: '/mlops deploy fraud-detector 9 to staging' });
    expect(r.error).toBeDefined();
    expect(await rt.unattendedWork()).toBeNull();

    const server = await openRuntime(configFromYaml(YAML), silentLogger, { mode: 'server', database: db, clock: new FixedClock(T), executor: new RecordingExecutor() });
    await server.steward.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'console' }, text: '/mlops deploy fraud-detector 1 to staging' });
    expect(await server.unattendedWork()).toBeNull();
  });
});
