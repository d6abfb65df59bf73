import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { seedDemo } from '../../../src/app/seed-demo.js';
import { blockKitProblems } from '../../fakes/slack-block-limits.js';
import { HEX64 } from '../../helpers/harness.js';
import { CHANNEL, type SlackEnv, slackEnv, visibleText } from './slack-test-env.js';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const USERS = { U0ALICE: { name: 'alice', realName: 'Alice Liddell', displayName: 'Alice' }, U0BOB: { name: 'bob', realName: 'Bob Stone' } };
const YAML = `
roles:
  ml-engineer: [read, register]
members:
  "slack:U0ALICE": [ml-engineer]
  "*": [viewer]
`;

let env: SlackEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

describe('Slack slash commands (real Bolt, real HTTP, Slack Web API stand-in)', () => {
  it('acks at once with an empty 200, then answers whoami privately through the response_url with the Slack identity', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    const cmd = await env.slack.command('whoami', ALICE);
    expect(cmd.status).toBe(200);
    expect(cmd.text).toBe('');
    const answer = await env.slack.answerTo(cmd);
    expect(answer.method).toBe('response_url');
    expect(answer.body.response_type).toBe('ephemeral');
    const text = visibleText(answer.body.blocks);
    expect(text).toContain('slack:U0ALICE');
    expect(text).toContain('Alice'); // display name from users.info
    expect(text).toContain('ml-engineer');
    expect(blockKitProblems(answer.body.blocks)).toEqual([]);
    expect(env.standIn.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('posts a read verb in the channel with chat.postMessage, as valid Block Kit', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    await seedDemo({ ...env.deps, clock: systemClock });
    const cmd = await env.slack.command('models', BOB);
    const post = await env.slack.answerTo(cmd);
    expect(post.method).toBe('chat.postMessage');
    expect(post.body.channel).toBe(CHANNEL);
    expect(post.token).toBe(env.config.slack!.botToken);
    expect(visibleText(post.body.blocks)).toMatch(/fraud-detector\s+risk-ml\s+v7/);
    expect(post.body.text).toContain('Models (3)');
    expect(blockKitProblems(post.body.blocks)).toEqual([]);
  });

  it('registers a version from /mlops register (Slack link markup unwrapped) and stores it', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    const cmd = await env.slack.command(`register fraud-detector <https://models.example.com/fd/1.pkl> --sha256 ${HEX64('ab')} --metric auc=0.91 --team risk-ml`, ALICE);
    expect(cmd.status).toBe(200);
    const post = await env.slack.answerTo(cmd);
    expect(post.method).toBe('chat.postMessage');
    expect(visibleText(post.body.blocks)).toContain('fraud-detector');
    const model = await env.deps.store.read.models.byName('fraud-detector');
    expect(model).not.toBeNull();
    const v = await env.deps.store.read.versions.get(model!.id, 1);
    expect(v?.artifactUri).toBe('https://models.example.com/fd/1.pkl');
    expect(v?.createdBy).toBe('slack:U0ALICE');
  });

  it("answers a user's mistake privately with a suggestion, and posts nothing in the channel", async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    const cmd = await env.slack.command('histroy fraud-detector', BOB);
    const answer = await env.slack.answerTo(cmd);
    expect(answer.method).toBe('response_url');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(visibleText(answer.body.blocks)).toMatch(/Did you mean `history`/i);
    expect(env.standIn.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a write verb to a user without the role, privately, and changes nothing', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    const cmd = await env.slack.command(`register fraud-detector s3://m/1.pkl --sha256 ${HEX64('cd')}`, BOB);
    const answer = await env.slack.answerTo(cmd);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(visibleText(answer.body.blocks)).toMatch(/not allowed to register/);
    expect(await env.deps.store.read.models.byName('fraud-detector')).toBeNull();
  });

  it('answers /mlops help and an @mention with the generated command list (the mention in its thread)', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    const help = await env.slack.answerTo(await env.slack.command('help', BOB));
    expect(visibleText(help.body.blocks)).toContain('whoami');
    const r = await env.slack.mention('<@U0BOT> what can you do?', BOB);
    expect(r.status).toBe(200);
    const [post] = await env.standIn.waitFor('chat.postMessage', (c) => c.body.thread_ts === '1515449522.000016');
    expect(visibleText(post!.body.blocks)).toContain('/mlops');
    expect(visibleText(post!.body.blocks)).toContain('whoami');
  });

  it('acks before the work is done: the HTTP answer does not wait for a slow chat.postMessage', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS });
    env.standIn.delay('chat.postMessage', 2000);
    const cmd = await env.slack.command('help', BOB);
    // the stand-in answers chat.postMessage 2 s after it arrives: when the ack came back, none was answered
    const answeredAtAck = env.standIn.callsOf('chat.postMessage').filter((c) => c.response !== undefined);
    expect(cmd.status).toBe(200);
    expect(answeredAtAck).toEqual([]);
    const [post] = await env.standIn.waitFor('chat.postMessage');
    expect(post!.response).toBeUndefined();
  });

  it('answers "busy" privately at once when too much work is queued, instead of queueing without bound', async () => {
    env = await slackEnv({ yaml: YAML, users: USERS, work: { concurrency: 1, maxWaiting: 1 } });
    env.standIn.delay('users.info', 1500);
    const a = await env.slack.command('whoami', ALICE); // runs (waits on users.info)
    await env.standIn.waitFor('users.info');
    const b = await env.slack.command('whoami', BOB); // waits
    const c = await env.slack.command('help', BOB); // refused
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const busy = await env.slack.answerTo(c);
    expect(busy.body.response_type).toBe('ephemeral');
    expect(visibleText(busy.body.blocks)).toContain('Steward is busy right now');
    // the queued ones still get their answers
    await env.slack.answerTo(a);
    await env.slack.answerTo(b);
  });
});
