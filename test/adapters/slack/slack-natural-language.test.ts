import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { seedDemo } from '../../../src/app/seed-demo.js';
import { blockKitProblems } from '../../fakes/slack-block-limits.js';
import { OpenAiStandIn } from '../../fakes/openai-stand-in.js';
import { buttonsOf, CHANNEL, type SlackEnv, slackEnv, visibleText } from './slack-test-env.js';

const ALICE = { id: 'U01ALICE9', name: 'alice' };
const BOB = { id: 'U02BOB777', name: 'bob' };
const USERS = { U01ALICE9: { name: 'alice' }, U02BOB777: { name: 'bob' } };
const YAML = `
roles:
  ml-engineer: [read, register, deploy]
  approver: [read]
members:
  "slack:U01ALICE9": [ml-engineer]
  "slack:U02BOB777": [approver]
  "*": [viewer]
policies:
  production:
    approvals: 1
    approverRoles: [approver]
`;
const KEY = 'sk-slack-nl-test-key-77';

let env: SlackEnv | null = null;
let llm: OpenAiStandIn | null = null;
afterEach(async () => {
  await env?.close();
  await llm?.close();
  env = null;
  llm = null;
});

async function setup() {
  llm = await new OpenAiStandIn({ apiKey: KEY }).start();
  env = await slackEnv({ yaml: YAML, users: USERS, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: llm.baseUrl, STEWARD_LLM_MODEL: 'm' } });
  await seedDemo({ ...env.deps, clock: systemClock });
  return { env, llm };
}

describe('natural language in Slack', () => {
  it('answers an @mention question in its thread with the command it understood', async () => {
    const { env: e, llm: l } = await setup();
    l.answerToolCall('status', { model: 'fraud-detector' });
    expect((await e.slack.mention("<@U0BOT> what's live in production for fraud-detector?", BOB)).status).toBe(200);
    const [post] = await e.standIn.waitFor('chat.postMessage', (c) => c.body.thread_ts === '1515449522.000016');
    expect(l.last().body.messages.at(-1)!.content).toBe("what's live in production for fraud-detector?");
    expect(visibleText(post!.body.blocks)).toContain('Understood as: `/mlops status fraud-detector`');
    expect(visibleText(post!.body.blocks)).toContain('fraud-detector');
    expect(e.log.text()).not.toContain(KEY);
  });

  it('/mlops ask deploy …: private [Confirm] for the asker only; Confirm posts the approval card, which then updates in place', async () => {
    const { env: e, llm: l } = await setup();
    l.answerToolCall('deploy', { model: 'fraud-detector', version: '7', env: 'production' });
    const cmd = await e.slack.command('ask ship fraud-detector 7 to production please', ALICE);
    const [prompt] = await e.standIn.waitFor('response_url', (c) => c.body.url === new URL(cmd.responseUrl).pathname);
    expect(prompt!.body.response_type).toBe('ephemeral');
    expect(visibleText(prompt!.body.blocks)).toContain('Understood as: `/mlops deploy fraud-detector 7 to production`');
    expect(buttonsOf(prompt!.body.blocks).map((b) => b.text.text)).toEqual(['Confirm', 'Cancel']);
    expect(blockKitProblems(prompt!.body.blocks)).toEqual([]);
    expect(e.standIn.callsOf('chat.postMessage')).toHaveLength(0);
    const message = { channel: CHANNEL, ts: '1700000000.000100', blocks: prompt!.body.blocks };

    await e.slack.click(message, 'steward:confirm', BOB);
    const [refusal] = await e.standIn.waitFor('chat.postEphemeral', (c) => c.body.user === BOB.id);
    // a refusal line from a use case names the asker as text (only replies built with mention() mention anyone)
    expect(visibleText(refusal!.body.blocks)).toContain('Only @\u2060U01ALICE9, who asked, can confirm');

    await e.slack.click(message, 'steward:confirm', ALICE);
    const [card] = await e.standIn.waitFor('chat.postMessage', (c) => c.body.channel === CHANNEL);
    expect(visibleText(card!.body.blocks)).toContain('Deploy fraud-detector v7 to production');
    const [done] = await e.standIn.waitFor('chat.postEphemeral', (c) => c.body.user === ALICE.id);
    expect(visibleText(done!.body.blocks)).toContain('ran; its card is posted in the channel');
    const approve = buttonsOf(card!.body.blocks).find((b) => b.action_id.startsWith('steward:approve'))!;
    const id = JSON.parse(approve.value).id as string;
    await vi.waitFor(async () => expect(await e.deps.store.read.cards.messages('deployment', id)).toEqual([{ platform: 'slack', channelId: CHANNEL, messageId: String(card!.response!.ts) }]));

    // the card is live: Bob's approval updates that very message
    await e.slack.click({ channel: CHANNEL, ts: String(card!.response!.ts), blocks: card!.body.blocks }, 'steward:approve', BOB);
    const [upd] = await e.standIn.waitFor('chat.update', (c) => c.body.ts === card!.response!.ts);
    expect(visibleText(upd!.body.blocks)).toMatch(/Approved|Succeeded|Deploying|Running/);
    expect(e.standIn.callsOf('chat.postMessage')).toHaveLength(1);
  });
});
