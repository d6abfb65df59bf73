import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/slack-test-env.js';
import { SlackApiStandIn } from '../fakes/slack-api-stand-in.js';
import { signedPost } from '../fakes/slack-signed-post.js';
import { malformedRequests } from './malformed-requests.js';
import { type RawAnswer, rawRequest, upload } from './raw-http.js';
import { type StewardChild, startStewardChild } from './steward-child.js';
import { tempDir } from '../helpers/temp-dir.js';

const WEBHOOK_SECRET = 'whsec-process-test-0123456789';

/** Run `fn` over `items` with at most `n` in flight. */
async function pool<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Steward's HTTP server in a real `steward start` process — API, deploy callback and Slack in HTTP
 * mode on one port — under hostile input sent over raw TCP.
 */
describe('steward start serving HTTP (real process, raw TCP)', () => {
  let dir: string;
  let standIn: SlackApiStandIn;
  let steward: StewardChild;
  let token: string;

  beforeAll(async () => {
    dir = tempDir('http-process');
    writeFileSync(join(dir, 'steward.yaml'), 'targets:\n  production:\n    kind: webhook\n    url: http://127.0.0.1:9/deploy\n    secretEnv: STEWARD_WEBHOOK_SECRET\n');
    const env = { STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_WEBHOOK_SECRET: WEBHOOK_SECRET };
    const out: string[] = [];
    expect(await main(['token', 'create', 'fuzz', '--role', 'admin'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: () => {} })).toBe(0);
    token = out[0]!;
    standIn = await new SlackApiStandIn({ token: BOT_TOKEN }).start();
    steward = await startStewardChild({ ...env, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, STEWARD_HTTP_PORT: '0' });
  }, 120_000);
  afterAll(async () => {
    await steward?.stop();
    await standIn?.close();
  });

  const healthz = async () => (await fetch(`${steward.url}/healthz`)).status;

  it('survives 1,200 generated malformed request lines, paths, %-escapes, headers and bodies — API, callback and Slack — and still answers /healthz', async () => {
    const requests = malformedRequests(1200, { seed: 20261127, token, slackSecret: SIGNING_SECRET });
    const answers: RawAnswer[] = await pool(requests, 16, (r) => rawRequest(steward.url, r.bytes, 5_000));
    expect(steward.process.exitCode).toBeNull();
    expect(steward.process.signalCode).toBeNull();
    expect(await healthz()).toBe(200);
    // nearly every request got an answer (a few are refused by closing the connection)
    expect(answers.filter((a) => a.status !== null).length).toBeGreaterThan(1100);
    expect(requests.filter((r) => r.signedSlack).length).toBeGreaterThan(100);
    // no answer is an unexpected error — except Bolt's own 500 for a validly signed Slack payload it cannot read (only Slack holds the secret)
    const failures = answers.filter((a, i) => a.status !== null && a.status >= 500 && !requests[i]!.signedSlack);
    expect(failures.map((a) => a.text.slice(0, 300))).toEqual([]);
    expect(steward.output.stderr).not.toMatch(/\n\s+at /); // no stack trace of a crash
  }, 180_000);

  it('refuses eight parallel unauthenticated 48 MB uploads before reading them: peak RSS stays within 50 MB of idle', async () => {
    const MB = 1024 * 1024;
    const idle = steward.memory('VmRSS');
    steward.resetPeak();
    const results = await Promise.all(Array.from({ length: 8 }, () => upload(`${steward.url}/api/v1/predictions`, { total: 48 * MB, headers: { 'content-type': 'application/json' }, timeoutMs: 60_000 })));
    const peak = steward.memory('VmHWM');
    // each was answered 401 (or reset once refused) without its 48 MB being taken in
    for (const r of results) {
      expect([401, null]).toContain(r.status);
      expect(r.written).toBeLessThan(48 * MB);
    }
    expect(results.some((r) => r.status === 401)).toBe(true);
    expect(peak - idle).toBeLessThan(50 * MB);
    expect(await healthz()).toBe(200);
  }, 120_000);

  it('answers the original crashing requests with 400 and keeps serving', async () => {
    const lines = ['GET /api/v1/deployments/%E0%A4%A/callback HTTP/1.1', 'PUT /api/v1/models/%/versions/1/reference HTTP/1.1', 'GET http://[ HTTP/1.1', 'GET //[::1 HTTP/1.1', 'GET http://a:99999999/healthz HTTP/1.1', 'POST /api/v1/deployments/%00/callback HTTP/1.1'];
    for (const line of lines) {
      const r = await rawRequest(steward.url, `${line}\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      expect([line, r.status]).toEqual([line, 400]);
    }
    expect(await healthz()).toBe(200);
  });

  it('answers a validly signed Slack request whose body is not an object with 400 (not 500)', async () => {
    for (const [body, contentType] of [['payload=null', undefined], ['payload=5', undefined], ['null', 'application/json']] as const) {
      const r = await signedPost(`${steward.url}/slack/events`, body, { secret: SIGNING_SECRET, ...(contentType ? { contentType } : {}) });
      expect([body, r.status]).toEqual([body, 400]);
    }
    expect(await healthz()).toBe(200);
  });
});
