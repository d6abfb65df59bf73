import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ingress, type SlackForwarded } from '../../../adapters/slack/slack-ingress.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { signedPost, slackSignature } from '../../fakes/slack-signed-post.js';
import { SIGNING_SECRET } from './slack-test-env.js';
import { slashCommandBody } from './slack-requests.js';

/** The signing secret printed in Slack's documentation ("Verifying requests from Slack"): not hex. */
const SLACK_DOCS_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const ALICE = { id: 'U0ALICE', name: 'alice' };
const body = (text: string) => slashCommandBody({ command: '/mlops', text, user: ALICE, channelId: 'C0MLOPS', responseUrl: 'http://127.0.0.1:9/response/T0001/v' });
/** now, in whole seconds: the timestamps below are this far from the clock Bolt reads, or more */
const nowSec = () => Math.floor(Date.now() / 1000);

interface Ingress {
  readonly url: string;
  /** what the ingress handed to the main thread */
  readonly forwarded: SlackForwarded[];
  readonly logged: string[];
}

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** slack-ingress.ts's handler on a loopback HTTP server, as the ingress thread runs it, with /mlops acked at once. */
async function startIngress(signingSecret: string): Promise<Ingress> {
  const forwarded: SlackForwarded[] = [];
  const logged: string[] = [];
  const h = ingress(
    { signingSecret, fastAckCommand: '/mlops', pending: new SharedArrayBuffer(4), maxPending: 10, busyAck: { text: 'busy' } },
    (m) => forwarded.push(m as SlackForwarded),
    (level, _obj, msg) => logged.push(`${level} ${msg}`),
  );
  server = createServer((req, res) => h.handle(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, forwarded, logged };
}

describe("Slack's ingress verifies every request with Bolt's public HTTPModuleFunctions", () => {
  it('refuses a correctly signed request whose timestamp is over 5 minutes old: 401, nothing handed to the main thread', async () => {
    const s = await startIngress(SIGNING_SECRET);
    const stale = nowSec() - 6 * 60;
    const b = body('whoami');
    const r = await signedPost(s.url, b, { secret: SIGNING_SECRET, timestamp: stale, signature: slackSignature(SIGNING_SECRET, stale, b) });
    expect(r).toMatchObject({ status: 401, text: '' });
    expect(s.forwarded).toEqual([]);
    expect(s.logged.join('\n')).toContain('request is stale');
  });

  it('refuses a request signed with another secret: 401, nothing handed to the main thread', async () => {
    const s = await startIngress(SIGNING_SECRET);
    const r = await signedPost(s.url, body('whoami'), { secret: '0123456789abcdef0123456789abcdef' });
    expect(r).toMatchObject({ status: 401, text: '' });
    expect(s.forwarded).toEqual([]);
    expect(s.logged.join('\n')).toContain('signature mismatch');
  });

  it('answers an unsigned ssl_check without handing anything smuggled beside it to the main thread', async () => {
    const s = await startIngress(SIGNING_SECRET);
    const r = await signedPost(s.url, `ssl_check=1&${body('whoami')}`, { secret: SIGNING_SECRET, unsigned: true });
    expect(r.status).toBe(200);
    expect(s.forwarded).toEqual([]);
  });

  it('control: the same command correctly signed and fresh is acked (200, empty) and handed to the main thread parsed', async () => {
    const s = await startIngress(SIGNING_SECRET);
    const r = await signedPost(s.url, body('whoami'), { secret: SIGNING_SECRET, timestamp: nowSec() });
    expect(r).toMatchObject({ status: 200, text: '' });
    expect(s.forwarded).toHaveLength(1);
    expect(s.forwarded[0]!.body).toMatchObject({ command: '/mlops', text: 'whoami', user_id: 'U0ALICE' });
  });

  it("verifies requests signed with the non-hex secret from Slack's documentation, as loaded from SLACK_SIGNING_SECRET", async () => {
    const r = loadConfig({ STEWARD_DATA_DIR: '/nonexistent-steward-data', SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SLACK_DOCS_SECRET, STEWARD_HTTP_PORT: '3000' }, '/nonexistent-steward-cwd');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = await startIngress(r.config.slack!.signingSecret!);
    expect((await signedPost(s.url, body('whoami'), { secret: SLACK_DOCS_SECRET })).status).toBe(200);
    expect((await signedPost(s.url, body('whoami'), { secret: SIGNING_SECRET })).status).toBe(401);
    expect(s.forwarded).toHaveLength(1);
  });
});
