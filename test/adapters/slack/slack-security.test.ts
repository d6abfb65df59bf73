import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../fakes/slack-signed-post.js';
import { drivers } from '../../helpers/databases.js';
import { HEX64 } from '../../helpers/harness.js';
import { CHANNEL, SIGNING_SECRET, type SlackEnv, slackEnv } from './slack-test-env.js';
import { blockActionsBody, slashCommandBody } from './slack-requests.js';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const YAML = 'members:\n  "slack:U0ALICE": [admin]\n';

let env: SlackEnv;

const registerBody = (model: string) =>
  slashCommandBody({ command: '/mlops', text: `register ${model} s3://m/1.pkl --sha256 ${HEX64('ef')}`, user: ALICE, channelId: CHANNEL, responseUrl: env.standIn.responseUrl(`T0001/sec/${model}`) });

/** Give a wrongly accepted request time to do its work, then check that it did none. */
async function expectNothingHappened(model: string) {
  await new Promise((r) => setTimeout(r, 400));
  expect(env.standIn.apiCalls()).toEqual([]);
  expect(await env.deps.store.read.models.byName(model)).toBeNull();
  expect(await env.deps.store.read.audit.head()).toBeNull();
}

describe.each(drivers())('Slack request verification on %s (Bolt checks signature and timestamp; these tests prove it)', (driver) => {
  beforeAll(async () => {
    env = await slackEnv({ driver, yaml: YAML, users: { U0ALICE: { name: 'alice' } } });
  });
  afterAll(() => env.close());

  it('refuses a request signed with another secret: 401, no Web API call, no state change', async () => {
    const r = await env.slack.post(registerBody('forged'), { signature: slackSignature('0123456789abcdef0123456789abcdef', Math.floor(Date.now() / 1000), registerBody('forged')) });
    expect(r.status).toBe(401);
    await expectNothingHappened('forged');
  });

  it('refuses a correctly signed request whose timestamp is more than 5 minutes old (replay): 401, nothing happens', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = registerBody('replayed');
    const r = await env.slack.post(body, { timestamp: old, signature: slackSignature(SIGNING_SECRET, old, body) });
    expect(r.status).toBe(401);
    await expectNothingHappened('replayed');
  });

  it('refuses a request without the signature and timestamp headers: 401, nothing happens', async () => {
    const r = await env.slack.post(registerBody('unsigned'), { unsigned: true });
    expect(r.status).toBe(401);
    await expectNothingHappened('unsigned');
  });

  it('refuses a body changed after signing: 401, nothing happens', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const signedFor = registerBody('innocent');
    const r = await env.slack.post(registerBody('tampered'), { timestamp: ts, signature: slackSignature(SIGNING_SECRET, ts, signedFor) });
    expect(r.status).toBe(401);
    await expectNothingHappened('tampered');
  });

  it('refuses a forged button click: 401, no chat.update, no ephemeral, no state change', async () => {
    const body = blockActionsBody({ user: ALICE, channelId: CHANNEL, messageTs: '1700000000.000100', actionId: 'steward:approve', value: '{"v":1,"a":"approve","id":"1"}', responseUrl: env.standIn.responseUrl('T0001/sec/click') });
    const r = await env.slack.post(body, { signature: `v0=${'0'.repeat(64)}` });
    expect(r.status).toBe(401);
    await expectNothingHappened('anything');
  });

  it('acks a click on a link button (its page opens in the browser) at once and does nothing else', async () => {
    const body = blockActionsBody({ user: ALICE, channelId: CHANNEL, messageTs: '1700000000.000200', actionId: 'steward-link:1', value: '', responseUrl: env.standIn.responseUrl('T0001/sec/link') });
    const t0 = Date.now();
    const r = await env.slack.post(body);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2500);
    await expectNothingHappened('anything');
  });

  it('control: the same request correctly signed is accepted and acts (so the refusals above are real)', async () => {
    const r = await env.slack.post(registerBody('genuine'));
    expect(r.status).toBe(200);
    await env.standIn.waitFor('chat.postMessage');
    expect(await env.deps.store.read.models.byName('genuine')).not.toBeNull();
    expect(await env.deps.store.read.audit.head()).not.toBeNull();
  });
});
