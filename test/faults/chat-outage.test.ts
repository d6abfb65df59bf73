import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type StewardChild, startStewardChild } from '../http/steward-child.js';
import { tempDir } from '../helpers/temp-dir.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/slack-test-env.js';
import { SlackApiStandIn } from '../fakes/slack-api-stand-in.js';
import { signedPost } from '../fakes/slack-signed-post.js';

const OUTAGE_MS = 60_000;

/**
 * Slack's Web API answers 500 and 429 for a whole minute under a real `steward start`: what Steward
 * announces meanwhile is kept and posted once Slack answers again — every message, once, in order.
 */
describe('a chat platform that fails for a minute', () => {
  let slack: SlackApiStandIn;
  let steward: StewardChild;
  let token = '';

  beforeAll(async () => {
    slack = await new SlackApiStandIn({ token: BOT_TOKEN, users: { UADMIN: { name: 'root' } } }).start();
    const dir = tempDir('chat-outage');
    writeFileSync(join(dir, 'steward.yaml'), 'members:\n  "slack:UADMIN": [admin]\n  "cli:alice": [admin]\n  "*": [viewer]\n');
    const env = { STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_USER: 'alice' };
    const out: string[] = [];
    expect(await main(['token', 'create', 'ci', '--role', 'admin'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: () => {} })).toBe(0);
    token = out[0]!;
    steward = await startStewardChild({ ...env, STEWARD_HTTP_PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(async () => {
    await steward?.stop();
    await slack?.close();
  });

  const command = async (text: string) => {
    const r = await fetch(`${steward.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    return { status: r.status, body: (await r.json()) as { ok: boolean; text: string } };
  };
  /** what Slack shows in the channel: the posts it took */
  const shown = () => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C-RELEASES' && c.response?.ok === true && /^churn v\d+ registered/.test(String(c.body.text))).map((c) => String(c.body.text));

  it('keeps every announcement made during the outage and posts each once, in order, when Slack answers', async () => {
    const sub = await signedPost(`${steward.url}/slack/events`, `token=x&team_id=T1&channel_id=C-RELEASES&user_id=UADMIN&command=%2Fmlops&text=${encodeURIComponent('subscribe * registered')}&response_url=${encodeURIComponent(`${slack.url}/response/1`)}&trigger_id=1.2.3`, { secret: SIGNING_SECRET });
    expect(sub.status).toBe(200);
    await slack.waitFor('chat.postMessage'); // the subscription's answer
    expect((await command('register churn s3://m/1 --new-model')).status).toBe(200);
    const t0 = Date.now();
    while (shown().length < 1 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(shown()).toEqual([expect.stringMatching(/churn v1/)]);

    slack.outage(OUTAGE_MS);
    const outageEnds = Date.now() + OUTAGE_MS;
    for (const v of [2, 3, 4]) {
      const r = await command(`register churn s3://m/${v}`);
      expect(r.status).toBe(200); // the registration itself never waits on Slack's outage to fail
      expect(r.body.text).toMatch(new RegExp(`v${v}`));
    }
    expect(shown()).toHaveLength(1);
    const refusedDuring = slack.calls.filter((c) => c.method === 'chat.postMessage' && (c.response?.status === 500 || c.response?.status === 429)).length;
    expect(refusedDuring).toBeGreaterThanOrEqual(3);
    const metricsDuring = await (await fetch(`${steward.url}/metrics`)).text();
    expect(metricsDuring).toMatch(/^steward_chat_deliveries_waiting 3$/m);
    // Slack's slash command was acked on the ingress thread, and that ack is counted too
    expect(metricsDuring).toMatch(/^steward_http_request_duration_seconds_count\{route="\/slack\/events",method="POST",status="200"\} 1$/m);

    // Slack answers again: the kept posts arrive (backoff at most 30 s), each once, in order
    while (Date.now() < outageEnds + 60_000 && shown().length < 4) await new Promise((r) => setTimeout(r, 250));
    expect(Date.now()).toBeGreaterThanOrEqual(outageEnds);
    await new Promise((r) => setTimeout(r, 5_000)); // and nothing more comes
    expect(shown().map((t) => /churn (v\d)/.exec(t)?.[1])).toEqual(['v1', 'v2', 'v3', 'v4']);
    const metrics = await (await fetch(`${steward.url}/metrics`)).text();
    expect(metrics).toMatch(/^steward_chat_deliveries_waiting 0$/m);
    expect(metrics).toMatch(/^steward_chat_deliveries_total\{outcome="delivered"\} 3$/m);
    expect(metrics).not.toMatch(/outcome="(lost|dropped)"/);
  }, 200_000);
});
