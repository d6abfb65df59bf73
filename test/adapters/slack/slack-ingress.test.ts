import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { text as textBlock } from '../../../src/chat/replies/builders.js';
import type { StewardApp } from '../../../src/ports/steward-app.js';
import { slackSignature } from '../../fakes/slack-signed-post.js';
import { SIGNING_SECRET, type SlackEnv, slackEnv, visibleText } from './slack-test-env.js';
import { slashCommandBody } from './slack-requests.js';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const USERS = { U0ALICE: { name: 'alice' } };
const SPIN_MS = 1500;

let env: SlackEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

/**
 * `/mlops spin` keeps Steward's main thread busy (synchronously, like a long render or a GC pause
 * would) for SPIN_MS, and raises `busy` when it starts.
 */
function spinning(busy: Int32Array) {
  return (app: StewardApp): StewardApp => ({
    ...app,
    handleText: async (inv) => {
      if (!inv.text?.endsWith(' spin')) return app.handleText(inv);
      Atomics.store(busy, 0, 1);
      Atomics.notify(busy, 0);
      const end = Date.now() + SPIN_MS;
      while (Date.now() < end);
      return { ephemeral: true, blocks: [textBlock('spun')] };
    },
  });
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

/**
 * A Slack workspace on a thread of its own (this test's main thread is Steward's, and is blocked by
 * `spin`): once `busy` is raised it posts the signed requests one after another.
 */
function offThreadSlack(busy: Int32Array, url: string, bodies: string[]): Promise<Answer[]> {
  const ts = Math.floor(Date.now() / 1000);
  const requests = bodies.map((body) => ({ body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body) } }));
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    Atomics.wait(workerData.busy, 0, 0, 10000);
    (async () => {
      const out = [];
      for (const r of workerData.requests) {
        const t0 = performance.now();
        const res = await fetch(workerData.url, { method: 'POST', headers: r.headers, body: r.body });
        out.push({ status: res.status, ms: performance.now() - t0, text: await res.text() });
      }
      parentPort.postMessage(out);
    })();`;
  const w = new Worker(code, { eval: true, workerData: { busy, url, requests } });
  return new Promise<Answer[]>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }).finally(() => w.terminate());
}

describe('Slack HTTP mode: requests are verified and acked on the ingress thread', () => {
  const command = (e: SlackEnv, text: string, n: number) => slashCommandBody({ command: '/mlops', text, user: ALICE, channelId: 'C0MLOPS', responseUrl: e.standIn.responseUrl(`T0001/ingress/${n}`) });

  it('acks a slash command at once while the main thread is busy, then answers it when the main thread is free', async () => {
    const busy = new Int32Array(new SharedArrayBuffer(4));
    env = await slackEnv({ users: USERS, wrapApp: spinning(busy) });
    const client = offThreadSlack(busy, env.endpoint, [command(env, 'whoami', 1)]);
    expect((await env.slack.post(command(env, 'spin', 0))).status).toBe(200);
    const [ack] = await client;
    expect(ack).toMatchObject({ status: 200, text: '' });
    expect(ack!.ms).toBeLessThan(SPIN_MS / 2); // Bolt on the main thread could not have acked before the spin ended
    const answer = await env.slack.answerTo({ responseUrl: env.standIn.responseUrl('T0001/ingress/1') });
    expect(visibleText(answer.body.blocks)).toContain('slack:U0ALICE');
  });

  it('acks with "busy" itself when too many acked requests wait for the main thread; the ones it took are answered', async () => {
    const busy = new Int32Array(new SharedArrayBuffer(4));
    env = await slackEnv({ users: USERS, wrapApp: spinning(busy), work: { maxPending: 2 } });
    const client = offThreadSlack(busy, env.endpoint, [1, 2, 3].map((n) => command(env!, 'whoami', n)));
    await env.slack.post(command(env, 'spin', 0));
    const acks = await client;
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(acks.slice(0, 2).map((a) => a.text)).toEqual(['', '']);
    const refused = JSON.parse(acks[2]!.text) as { response_type: string; blocks: unknown };
    expect(refused.response_type).toBe('ephemeral');
    expect(visibleText(refused.blocks)).toContain('Steward is busy right now');
    for (const n of [1, 2]) await env.slack.answerTo({ responseUrl: env.standIn.responseUrl(`T0001/ingress/${n}`) });
    await env.adapter.work.idle();
    expect(env.standIn.callsOf('response_url').map((c) => c.body.url)).not.toContain('/response/T0001/ingress/3');
  });

  it('on shutdown answers every command it acked before closing (server closed first, then the adapter stopped)', async () => {
    const busy = new Int32Array(new SharedArrayBuffer(4));
    env = await slackEnv({ users: USERS, wrapApp: spinning(busy) });
    const client = offThreadSlack(busy, env.endpoint, [1, 2, 3, 4, 5].map((n) => command(env!, 'whoami', n)));
    await env.slack.post(command(env, 'spin', 0));
    expect((await client).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await env.server.close();
    await env.adapter.stop();
    const answered = env.standIn.callsOf('response_url').map((c) => c.body.url);
    for (const n of [0, 1, 2, 3, 4, 5]) expect(answered).toContain(`/response/T0001/ingress/${n}`);
  });
});
