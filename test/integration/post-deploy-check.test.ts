import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/drizzle-store.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

function healthServer(status: () => number) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(status()).end('x');
  });
  return new Promise<{ url: string; hits: string[]; close: () => Promise<void> }>((r) =>
    server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`, hits, close: () => new Promise((c) => server.close(() => c())) })),
  );
}

const yaml = (url: string) => `
members:
  "console:*": [admin]
policies:
  production:
    approvals: 0
    postDeploy: { healthUrl: "${url}", attempts: 2, interval: 1s, timeout: 1s }
`;

describe.each(drivers().slice(0, 1))('post-deploy check on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  it('an unhealthy endpoint after a deploy rolls back on its own and says why in the channel', async () => {
    const health = await healthServer(() => 503);
    try {
      const h = deployHarness({ store: drizzleStore(db.db), config: configFromYaml(yaml(health.url)), target: new ScriptedTarget(() => ({ state: 'succeeded' })) });
      for (const v of [1, 2]) await h.say(`register fraud-detector s3://m/${v} --sha256 ${HEX64(String(v))}`);
      await h.say('deploy fraud-detector 1 to production');
      await h.runner.idle();
      // v1's check fails too, but nothing was live before it: there is nothing to roll back to
      expect(h.publisher.posts.at(-1)?.reply.blocks[0]).toMatchObject({ text: expect.stringContaining('No earlier version to roll back to') });
      await h.say('deploy fraud-detector 2 to production');
      await h.runner.idle();
      await h.runner.idle();
      const last = h.publisher.posts.at(-1)!;
      expect(last.target).toEqual({ platform: 'console', channelId: 'c1' });
      expect(last.reply.title).toBe('Post-deploy check failed: fraud-detector in production');
      expect((last.reply.blocks[0] as { text: string }).text).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/healthz answered 503, expected 200 \(2 attempts\)\. Rolling back to v1 automatically \(deployment #\d+\)\./);
      const status = await h.say('status fraud-detector');
      expect(status.data).toMatchObject({ live: [{ environment: 'staging', version: null }, { environment: 'production', version: 1, by: 'system:steward' }] });
      const hist = (await h.say('history fraud-detector production')).data as { deployments: { kind: string; version: number; status: string }[] };
      expect(hist.deployments.map((d) => `${d.kind} v${d.version} ${d.status}`)).toEqual(['rollback v1 succeeded', 'deploy v2 succeeded', 'deploy v1 succeeded']);
      expect(health.hits.every((x) => x === 'GET /healthz')).toBe(true);
    } finally {
      await health.close();
    }
  });
});
