import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { seedDemo } from '../../../src/app/seed-demo.js';
import { blockKitProblems } from '../../fakes/slack-block-limits.js';
import { RecordingExecutor } from '../../fakes/recording-executor.js';
import { type Driver, drivers } from '../../helpers/databases.js';
import { WebhookReceiver } from '../../fakes/webhook-receiver.js';
import { buttonsOf, CHANNEL, type SlackEnv, slackEnv, visibleText } from './slack-test-env.js';

const ALICE = { id: 'U01ALICE9', name: 'alice' }; // ml-engineer: requests deploys
const BOB = { id: 'U02BOB777', name: 'bob' }; // in the approvers user group
const CAROL = { id: 'U03CAROL8', name: 'carol' }; // in the approvers user group
const DAVE = { id: 'U04DAVE99', name: 'dave' }; // only a viewer
const USERS = { U01ALICE9: { name: 'alice' }, U02BOB777: { name: 'bob' }, U03CAROL8: { name: 'carol' }, U04DAVE99: { name: 'dave' } };
export const GOVERNANCE_YAML = `
roles:
  ml-engineer: [read, register, deploy]
  approver: [read]
members:
  "slack:U01ALICE9": [ml-engineer]
  "slack-group:S0APPROVERS": [approver]
  "*": [viewer]
policies:
  production:
    approvals: 2
    approverRoles: [approver]
`;

let env: SlackEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

async function governed(driver: Driver, executor = new RecordingExecutor()) {
  env = await slackEnv({ driver, yaml: GOVERNANCE_YAML, users: USERS, groups: { S0APPROVERS: ['U02BOB777', 'U03CAROL8'] }, executor });
  await seedDemo({ ...env.deps, clock: systemClock });
  return { env, executor };
}

/** `/mlops deploy …` by Alice: the approval card as posted in the channel. */
async function requestDeploy(e: SlackEnv, text = 'deploy fraud-detector 7 to production --reason "better recall"') {
  const cmd = await e.slack.command(text, ALICE);
  expect(cmd.status).toBe(200);
  const post = await e.slack.answerTo(cmd);
  expect(post.method).toBe('chat.postMessage');
  return { channel: CHANNEL, ts: String(post.response!.ts), blocks: post.body.blocks };
}

/** The card's latest content: its last chat.update for that ts. */
const latestUpdate = (e: SlackEnv, ts: string) => e.standIn.callsOf('chat.update').filter((c) => c.body.ts === ts).at(-1);

const WEBHOOK_SECRET = 'whsec-steward-slack-flow-0123456789';

describe.each(drivers())('the full flow in Slack on %s: deploy -> approval card -> two approvals -> deployment runs -> card shows success', (driver) => {
  it('/mlops deploy fraud-detector 7 to production ends with the card updated to Succeeded and a [Rollback] button', async () => {
    const target = await new WebhookReceiver({ secret: WEBHOOK_SECRET }).start();
    try {
      const yaml = `${GOVERNANCE_YAML}targets:\n  production:\n    kind: webhook\n    url: ${target.url}\n    secretEnv: STEWARD_WEBHOOK_SECRET\n`;
      env = await slackEnv({ driver, yaml, users: USERS, groups: { S0APPROVERS: ['U02BOB777', 'U03CAROL8'] }, executor: 'runner', env: { STEWARD_WEBHOOK_SECRET: WEBHOOK_SECRET } });
      await seedDemo({ ...env.deps, clock: systemClock });
      const card = await requestDeploy(env);
      expect(buttonsOf(card.blocks).map((b) => b.text.text)).toEqual(['Approve', 'Reject']);
      await env.slack.click(card, 'steward:approve', BOB);
      await env.standIn.waitFor('chat.update', (c) => c.body.ts === card.ts);
      await env.slack.click(card, 'steward:approve', CAROL);
      // the runner calls the target, then refreshes the card through the publisher (chat.update)
      await env.standIn.waitFor('chat.update', (c) => c.body.ts === card.ts && visibleText(c.body.blocks).includes('Succeeded'));
      expect(target.received).toHaveLength(1);
      expect(target.received[0]!.signatureOk).toBe(true);
      const done = latestUpdate(env, card.ts)!;
      expect(done.body.text).toContain('Deploy fraud-detector v7 to production');
      expect(visibleText(done.body.blocks)).toMatch(/2 of 2: <@U02BOB777>, <@U03CAROL8>/);
      const buttons = buttonsOf(done.body.blocks);
      expect(buttons.map((b) => [b.action_id, b.text.text])).toEqual([['steward:rollback', 'Rollback to v6']]);
      expect(JSON.parse(buttons[0]!.value)).toEqual({ v: 1, a: 'rollback', id: JSON.parse(buttonsOf(card.blocks)[0]!.value).id });
      expect(blockKitProblems(done.body.blocks)).toEqual([]);
      expect(env.standIn.callsOf('chat.postMessage')).toHaveLength(1); // one card, updated in place
    } finally {
      await env?.close();
      env = null;
      await target.close();
    }
  });
});

describe.each(drivers())('approval cards in Slack on %s (governance through the same inbound port)', (driver) => {
  it('posts the approval card for /mlops deploy, tracks it, and updates it in place as two approvers click', async () => {
    const { env: e, executor } = await governed(driver);
    const card = await requestDeploy(e);
    expect(visibleText(card.blocks)).toContain('Deploy fraud-detector v7 to production');
    expect(buttonsOf(card.blocks).map((b) => b.action_id)).toEqual(['steward:approve', 'steward:reject']);
    expect(blockKitProblems(card.blocks)).toEqual([]);
    const id = JSON.parse(buttonsOf(card.blocks)[0]!.value).id as string;
    // tracked once chat.postMessage answered with the message's ts
    await vi.waitFor(async () => expect(await e.deps.store.read.cards.messages('deployment', id)).toEqual([{ platform: 'slack', channelId: CHANNEL, messageId: card.ts }]));

    // Bob approves: the card is updated in place (chat.update on the same ts), 1 of 2
    expect((await e.slack.click(card, 'steward:approve', BOB)).status).toBe(200);
    const [first] = await e.standIn.waitFor('chat.update', (c) => c.body.ts === card.ts);
    expect(visibleText(first!.body.blocks)).toMatch(/1 of 2: <@U02BOB777>/);
    expect(buttonsOf(first!.body.blocks).length).toBeGreaterThan(0);

    // Carol approves: quorum — the card says approved, the buttons are gone, the executor got it
    await e.slack.click(card, 'steward:approve', CAROL);
    await e.standIn.waitFor('chat.update', (c) => c.body.ts === card.ts, 2);
    const now = latestUpdate(e, card.ts)!;
    expect(visibleText(now.body.blocks)).toMatch(/2 of 2: <@U02BOB777>, <@U03CAROL8>/);
    expect(visibleText(now.body.blocks)).toContain('Approved');
    expect(buttonsOf(now.body.blocks)).toEqual([]);
    expect(executor.submitted).toEqual([Number(id)]);
    // a click's reply that carries the card adds nothing to the channel
    expect(e.standIn.callsOf('chat.postMessage')).toHaveLength(1);
    expect(e.standIn.callsOf('chat.postEphemeral')).toHaveLength(0);
  });

  it('refuses the requester approving their own request with an ephemeral message, and leaves the card alone', async () => {
    const { env: e } = await governed(driver);
    const card = await requestDeploy(e);
    await e.slack.click(card, 'steward:approve', ALICE);
    const [eph] = await e.standIn.waitFor('chat.postEphemeral');
    expect(eph!.body.user).toBe('U01ALICE9');
    expect(eph!.body.channel).toBe(CHANNEL);
    expect(visibleText(eph!.body.blocks)).toMatch(/own|requester|separation/i);
    expect(e.standIn.callsOf('chat.update')).toHaveLength(0);
  });

  it('opens the reason modal for Reject with the click trigger_id, and the submitted reason rejects the request on the card', async () => {
    const { env: e, executor } = await governed(driver);
    const card = await requestDeploy(e);
    await e.slack.click(card, 'steward:reject', BOB);
    const [open] = await e.standIn.waitFor('views.open');
    expect(open!.body.trigger_id).toMatch(/^trigger\./);
    const view = open!.body.view as { private_metadata: string; blocks: unknown };
    expect(blockKitProblems(view.blocks, { surface: 'modal' })).toEqual([]);
    expect(e.standIn.callsOf('chat.update')).toHaveLength(0); // nothing decided yet

    const short = await e.slack.submitReason(view, 'no', BOB);
    expect(JSON.parse(short.text)).toEqual({ response_action: 'errors', errors: { reason: expect.stringMatching(/at least 3/) } });

    const r = await e.slack.submitReason(view, 'AUC regressed on the March holdout', BOB);
    expect(r.status).toBe(200);
    const [upd] = await e.standIn.waitFor('chat.update', (c) => c.body.ts === card.ts);
    expect(visibleText(upd!.body.blocks)).toContain('Rejected: AUC regressed on the March holdout');
    expect(buttonsOf(upd!.body.blocks)).toEqual([]);
    expect(executor.submitted).toEqual([]);
  });

  it('tells a viewer privately that they may not approve, and the request stays open', async () => {
    const { env: e } = await governed(driver);
    const card = await requestDeploy(e);
    await e.slack.click(card, 'steward:approve', DAVE);
    const [eph] = await e.standIn.waitFor('chat.postEphemeral');
    expect(eph!.body.user).toBe('U04DAVE99');
    expect(visibleText(eph!.body.blocks)).toMatch(/approver/);
    expect(e.standIn.callsOf('chat.update')).toHaveLength(0);
  });
});
