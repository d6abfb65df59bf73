import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type StewardChild, startStewardChild } from '../http/steward-child.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ThrowawayPostgres } from '../helpers/throwaway-postgres.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/slack-test-env.js';
import { SlackApiStandIn } from '../fakes/slack-api-stand-in.js';
import { signedPost } from '../fakes/slack-signed-post.js';

/**
 * The database goes away while Steward runs, and comes back: a PostgreSQL cluster of this test's own
 * (stopped and restarted under a real `steward start`).
 */
describe.runIf(ThrowawayPostgres.available())('a database that goes away and comes back', () => {
  let pg: ThrowawayPostgres;
  let steward: StewardChild;
  let env: Record<string, string>;
  let token = '';
  let slack: SlackApiStandIn;

  beforeAll(async () => {
    slack = await new SlackApiStandIn({ token: BOT_TOKEN }).start();
    pg = await ThrowawayPostgres.create();
    const dir = tempDir('outage');
    env = { DATABASE_URL: pg.url, STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_AUDIT_KEYS: 'k1:outage-test-audit-key-0123', STEWARD_USER: 'alice' };
    const out: string[] = [];
    expect(await main(['token', 'create', 'ci', '--role', 'admin'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: () => {} })).toBe(0);
    token = out[0]!;
    steward = await startStewardChild({ ...env, STEWARD_HTTP_PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
  }, 120_000);
  afterAll(async () => {
    await steward?.stop();
    await pg?.destroy();
    await slack?.close();
  });

  const command = async (text: string) => {
    const r = await fetch(`${steward.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    return { status: r.status, body: (await r.json()) as { ok: boolean; text: string; error?: string } };
  };

  it('during the outage commands say the database is unavailable (CLI exit 4), nothing is half-written; afterwards Steward works again on its own', async () => {
    expect((await command('register churn s3://m/1 --new-model')).status).toBe(200);
    await pg.stop();

    const t0 = performance.now();
    const down = await fetch(`${steward.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'register churn s3://m/2' }) });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    const body = (await down.json()) as { message?: string; text?: string };
    expect(JSON.stringify(body)).not.toMatch(/at \S+\.(ts|js):\d+/); // no stack trace
    expect((await fetch(`${steward.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${steward.url}/readyz`)).status).toBe(503);
    // Slack still gets its ack within 3 s (the slash command is acked on the ingress thread)
    const ack = await signedPost(`${steward.url}/slack/events`, 'token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2Fmlops&text=models&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr&trigger_id=1.2.3', { secret: SIGNING_SECRET });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    const err: string[] = [];
    expect(await main(['models'], { ...env, LOG_LEVEL: 'silent' }, { out: () => {}, err: (s) => err.push(s) })).toBe(4);
    expect(err).toHaveLength(1);
    expect(steward.process.exitCode).toBeNull();

    await pg.start();
    const end = Date.now() + 30_000;
    let back = await command('versions churn');
    while (back.status !== 200 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      back = await command('versions churn');
    }
    expect(back.status).toBe(200);
    // the registration refused during the outage left nothing behind: v1 only
    expect(back.body.text).toMatch(/^v1\s/m);
    expect(back.body.text).not.toMatch(/^v2\s/m);
    expect((await command('register churn s3://m/2')).status).toBe(200);
    expect((await fetch(`${steward.url}/readyz`)).status).toBe(200);
    const verify: string[] = [];
    expect(await main(['audit', 'verify'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => verify.push(s), err: (s) => verify.push(s) })).toBe(0);
    expect(verify.join("\n")).toMatch(/^audit log intact: \d+ events verified/);
  }, 180_000);
});
