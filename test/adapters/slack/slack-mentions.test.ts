import { afterEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api-stand-in.js';
import { HEX64 } from '../../helpers/harness.js';
import { type SlackEnv, slackEnv } from './slack-test-env.js';

const ALICE = { id: 'U01ALICE9', name: 'alice' }; // registers and requests
const BOB = { id: 'U02BOB777', name: 'bob' }; // approves
const USERS = { U01ALICE9: { name: 'alice' }, U02BOB777: { name: 'bob' }, U0123ABCDE: { name: 'ceo' } };
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
    approvals: 2
    approverRoles: [approver]
`;
/** What people type to ping someone else through Steward's messages, as Slack sends it in command text. */
const PINGS = '@U0123ABCDE <@U0123ABCDE> <!channel> <!here> @channel @here <#C0123ABCD|general> <https://evil.example|the runbook>';

let env: SlackEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

/** Every piece of Slack markup (`<…>`: mentions, channel pings and links) in what was sent, text and blocks. */
const markupIn = (c: SlackCall) => [...JSON.stringify({ text: c.body.text, blocks: c.body.blocks }).matchAll(/<[^<>]*>/g)].map((m) => m[0]);
/** Every "@word" Slack could read as a mention, outside markup. */
const bareAtsIn = (c: SlackCall) => [...JSON.stringify({ text: c.body.text, blocks: c.body.blocks }).matchAll(/(?<![<\w])@\w+/g)].map((m) => m[0]);

describe('Slack: only actors become mentions; what people typed stays inert text', () => {
  it('a description and a deploy reason full of mentions, pings and links: the posted card mentions the requester and the approver, nobody else', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    await env.slack.answerTo(await env.slack.command(`register churn s3://m/churn.pkl --sha256 ${HEX64('c')} --description "${PINGS}"`, ALICE));
    const model = await env.slack.answerTo(await env.slack.command('model churn', ALICE));
    expect(JSON.stringify(model.body.blocks)).toContain('evil.example');
    expect(markupIn(model)).toEqual(['<@U01ALICE9>']); // "registered by" Alice
    expect(bareAtsIn(model)).toEqual([]);

    const post = await env.slack.answerTo(await env.slack.command(`deploy churn 1 to production --reason "${PINGS}"`, ALICE));
    expect(post.method).toBe('chat.postMessage');
    expect(JSON.stringify(post.body.blocks)).toContain('channel');
    expect(markupIn(post)).toEqual(['<@U01ALICE9>']); // "Request #1 by" Alice
    expect(bareAtsIn(post)).toEqual([]);

    // echoed input: a command Steward refuses repeats what was typed, inert
    const refused = await env.slack.answerTo(await env.slack.command(`deploy churn 1 to ${PINGS}`, ALICE));
    expect(JSON.stringify(refused.body.blocks)).toContain('U0123ABCDE');
    expect(markupIn(refused)).toEqual([]);
    expect(bareAtsIn(refused)).toEqual([]);

    await env.slack.click({ channel: String(post.body.channel), ts: String(post.response!.ts), blocks: post.body.blocks }, 'steward:approve', BOB);
    const [update] = await env.standIn.waitFor('chat.update', (c) => c.body.ts === post.response!.ts);
    expect(markupIn(update!).sort()).toEqual(['<@U01ALICE9>', '<@U02BOB777>', '<@U02BOB777>']); // requester; "1 of 2:" Bob and Bob's decision line
    expect(bareAtsIn(update!)).toEqual([]);
  });
});
