import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { drainOutbox } from '../../src/notify/drain-outbox.js';
import { drivers, freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';
import { tempDir } from '../helpers/temp-dir.js';

const subscribe = (h: ReturnType<typeof harness>, events: string) =>
  h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'slack', id: 'C-RELEASES' }, text: `/mlops subscribe * ${events}` });

describe.each(drivers())('events from processes without a chat connection, on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  it('are queued, then delivered once by a running Steward — an approval request as its live card', async () => {
    const store = drizzleStore(db.db);
    const config = configFromYaml(GOVERNANCE_YAML);
    const cli = harness({ store, config, eventDelivery: 'outbox' });
    const server = harness({ store, config });
    expect((await subscribe(server, 'registered approval_requested')).error).toBeUndefined();
    await cli.say('register fraud-detector s3://m/1 --metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x', 'alice');
    await cli.say('deploy fraud-detector 1 to production', 'alice');
    expect(cli.publisher.posts).toEqual([]);
    expect(await drainOutbox(server.steward.drain!, 'server-1')).toBe(2);
    const posts = server.publisher.posts.filter((p) => p.target.channelId === 'C-RELEASES');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.reply.title).toBe('Deploy fraud-detector v1 to production');
    expect(posts[1]!.reply.buttons?.map((b) => b.label)).toEqual(['Approve', 'Reject']);
    expect(await drainOutbox(server.steward.drain!, 'server-1')).toBe(0);
    // the subscriber's copy is a live card: an approval updates it in place
    await server.say('approve 1', 'bob');
    expect(server.publisher.updates.some((u) => u.ref.messageId === posts[1]!.ref.messageId)).toBe(true);
  });
});

describe.runIf(hasPostgres())('the steward CLI queues events for subscribers (PostgreSQL)', () => {
  it('a registration from a CI pipeline reaches the subscribed channel through the server, exactly once across two drainers', async () => {
    const db = await freshDatabase('postgres');
    try {
      const config = configFromYaml(GOVERNANCE_YAML);
      const a = harness({ store: drizzleStore(db.db), config });
      const b = harness({ store: drizzleStore(db.db), config });
      await subscribe(a, 'registered');
      const env = { DATABASE_URL: db.url!, STEWARD_DATA_DIR: tempDir('data'), LOG_LEVEL: 'silent', STEWARD_USER: 'ci-bot' };
      const io = { out: () => {}, err: () => {} };
      for (let i = 1; i <= 20; i++) expect(await main(['register', 'fraud-detector', `s3://m/${i}`], env, io)).toBe(0);
      const [x, y] = await Promise.all([drainOutbox(a.steward.drain!, 'a'), drainOutbox(b.steward.drain!, 'b')]);
      expect(x + y).toBe(20);
      const posts = [...a.publisher.posts, ...b.publisher.posts];
      expect(posts).toHaveLength(20);
      expect(new Set(posts.map((p) => JSON.stringify(p.reply.title ?? p.reply.blocks))).size).toBe(20);
    } finally {
      await db.close();
    }
  });
});
