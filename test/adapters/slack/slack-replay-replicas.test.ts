import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedPost, slackSignature } from '../../fakes/slack-signed-post.js';
import { drivers } from '../../helpers/databases.js';
import { HEX64 } from '../../helpers/harness.js';
import { CHANNEL, SIGNING_SECRET, type SlackEnv, slackEnv } from './slack-test-env.js';
import { blockActionsBody, slashCommandBody } from './slack-requests.js';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const YAML = 'members:\n  "slack:U0ALICE": [admin]\n';

/**
 * Two replicas behind one load balancer, on one database. Someone who captured a signed request
 * (a proxy's log, a leaked capture) sends it again within Slack's 5-minute window — to the replica
 * that did not take it. The signature and timestamp are valid; only the database knows it was taken.
 */
describe.each(drivers())('a signed Slack request replayed to another replica on %s', (driver) => {
  let a: SlackEnv;
  let b: SlackEnv;
  beforeAll(async () => {
    a = await slackEnv({ driver, yaml: YAML, users: { U0ALICE: { name: 'alice' } } });
    b = await slackEnv({ driver, yaml: YAML, users: { U0ALICE: { name: 'alice' } }, replicaOf: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const signed = (body: string) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return { timestamp, signature: slackSignature(SIGNING_SECRET, timestamp, body), secret: SIGNING_SECRET };
  };

  it('a slash command runs once: the replay is acked (Slack expects that) but registers nothing and answers nothing', async () => {
    const body = slashCommandBody({ command: '/mlops', text: `register twice s3://m/1.pkl --sha256 ${HEX64('ab')}`, user: ALICE, channelId: CHANNEL, responseUrl: a.standIn.responseUrl('T0001/replay/cmd') });
    const headers = signed(body);
    expect((await signedPost(a.endpoint, body, headers)).status).toBe(200);
    await a.slack.answerTo({ responseUrl: a.standIn.responseUrl('T0001/replay/cmd') });
    const answered = a.standIn.apiCalls().length;
    expect((await signedPost(b.endpoint, body, headers)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 800)); // time for a wrongly taken replay to register v2 and answer
    const model = (await a.deps.store.read.models.byName('twice'))!;
    expect((await a.deps.store.read.versions.list(model.id)).map((v) => v.version)).toEqual([1]);
    expect(a.standIn.apiCalls()).toHaveLength(answered);
    expect(b.standIn.apiCalls()).toEqual([]);
    expect(b.log.text()).toMatch(/a replayed Slack request \(taken already by another replica\) was refused/);
  });

  it('a click replayed to the other replica is refused with 401', async () => {
    const body = blockActionsBody({ user: ALICE, channelId: CHANNEL, messageTs: '1700000000.000900', actionId: 'steward-link:1', value: '', responseUrl: a.standIn.responseUrl('T0001/replay/click') });
    const headers = signed(body);
    expect((await signedPost(a.endpoint, body, headers)).status).toBe(200);
    expect((await signedPost(b.endpoint, body, headers)).status).toBe(401);
    // a new request (its own signature) from the same person is taken as usual
    const another = body.replace('000900', '000901');
    expect((await signedPost(b.endpoint, another, signed(another))).status).toBe(200);
  });
});
