import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeAction } from '../../../src/chat/replies/reply.js';
import { discordMessageProblems } from '../../fakes/discord-message-limits.js';
import type { StoredMessage } from '../../fakes/discord-rest-stand-in.js';
import { type Driver, drivers } from '../../helpers/databases.js';
import { ALICE, APPROVERS, BOB, CAROL, DAVE, governedDiscord } from './discord-governance.js';
import { CHANNEL } from './discord-interactions.js';
import { buttonsOf, embedText } from './discord-test-helpers.js';
import { CALLBACK, type DiscordEnv, EDIT_CARD } from './discord-test-env.js';

let env: DiscordEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const cardId = (m: StoredMessage) => decodeAction(buttonsOf(m.components)[0]!.custom_id)!.id;
const patchesOf = (e: DiscordEnv, m: StoredMessage) => e.standIn.callsOf(EDIT_CARD).filter((c) => c.params.message === m.id && c.status === 200);

async function governed(driver: Driver) {
  const g = await governedDiscord(driver);
  env = g.env;
  return g;
}

describe.each(drivers())('the full flow in Discord on %s: /mlops deploy -> approval card -> two approvals -> deployment runs -> card shows success', (driver) => {
  it('/mlops deploy fraud-detector 2 to production ends with the same message edited to Succeeded and a [Rollback to v1] button', async () => {
    const { env: e, target } = await governed(driver);
    const cmd = await e.discord.command('deploy fraud-detector 2 to production', ALICE);
    // answered at once with the card (a public reply, not deferred), tracked where it landed
    expect(cmd.callback?.body.type).toBe(4);
    const card = cmd.original!;
    expect(card.flags & 64).toBe(0);
    expect(embedText(card.embeds)).toContain('Deploy fraud-detector v2 to production');
    expect(embedText(card.embeds)).toContain(`#`);
    expect(buttonsOf(card.components).map((b) => [b.label, b.style])).toEqual([
      ['Approve', 1],
      ['Reject', 4],
    ]);
    const id = cardId(card);
    expect(await e.deps.store.read.cards.messages('deployment', id)).toEqual([{ platform: 'discord', channelId: CHANNEL, messageId: card.id }]);

    // Alice approving her own request is refused privately; the card is not touched
    const own = await e.discord.click(card, 'Approve', ALICE);
    expect(own.callback?.body.type).toBe(6);
    expect(own.followUps).toHaveLength(1);
    expect(own.followUps[0]!.body.flags).toBe(64);
    expect(embedText(own.followUps[0]!.body.embeds)).toMatch(/own request|requested it|separation/i);
    expect(patchesOf(e, card)).toHaveLength(0);

    // Bob approves: the card is edited in place (PATCH on the same message), 1 of 2, mentioning him
    const bob = await e.discord.click(card, 'Approve', BOB);
    expect(bob.callback?.body.type).toBe(6);
    expect(bob.followUps).toHaveLength(0);
    expect(patchesOf(e, card)).toHaveLength(1);
    expect(embedText(e.standIn.message(card.id)!.embeds)).toContain(`1 of 2: <@${BOB.id}>`);

    // Carol approves: quorum; the runner deploys through the target and the card follows it to the end
    await e.discord.click(card, 'Approve', CAROL);
    await vi.waitFor(() => expect(embedText(e.standIn.message(card.id)!.embeds)).toContain('Succeeded'), { timeout: 10_000 });
    expect(target.calls.filter((c) => c.op === 'start' && c.id === Number(id))).toHaveLength(1);
    const done = e.standIn.message(card.id)!;
    expect(embedText(done.embeds)).toContain(`2 of 2: <@${BOB.id}>, <@${CAROL.id}>`);
    expect(buttonsOf(done.components).map((b) => [b.label, b.style, decodeAction(b.custom_id)])).toEqual([['Rollback to v1', 4, { v: 1, a: 'rollback', id }]]);
    expect((done.embeds[0] as { color: number }).color).toBe(0x57f287);
    // one card, edited in place: no new channel message, every edit inside Discord's limits
    expect(e.standIn.callsOf('POST /channels/{channel}/messages')).toHaveLength(0);
    expect(e.standIn.callsOf(CALLBACK).filter((c) => c.body.type === 4)).toHaveLength(1);
    for (const p of e.standIn.callsOf(EDIT_CARD)) expect(discordMessageProblems(p.body)).toEqual([]);
    expect(e.standIn.callsOf(EDIT_CARD).every((c) => c.token !== null && c.params.message === card.id)).toBe(true);
  });
});

describe('approval cards in Discord (governance through the same inbound port)', () => {
  it('opens a reason modal for Reject, and the submitted reason rejects the request on the card', async () => {
    const { env: e } = await governed('pglite');
    const card = (await e.discord.command('deploy fraud-detector 2 to production', ALICE)).original!;
    const id = cardId(card);
    const click = await e.discord.click(card, 'Reject', BOB);
    expect(click.callback?.body.type).toBe(9);
    const modal = click.callback!.body.data as { custom_id: string; title: string; components: { label: string; component: { custom_id: string; min_length: number } }[] };
    expect(decodeAction(modal.custom_id)).toEqual({ v: 1, a: 'reject', id });
    expect(modal.components[0]).toMatchObject({ label: 'Why are you rejecting it?', component: { custom_id: 'reason', min_length: 3 } });
    expect(patchesOf(e, card)).toHaveLength(0); // nothing decided yet

    const short = await e.discord.submitReason(modal.custom_id, 'no', card.id, BOB);
    expect(short.callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(patchesOf(e, card)).toHaveLength(0);

    const sub = await e.discord.submitReason(modal.custom_id, 'AUC regressed on the March holdout', card.id, BOB);
    expect(sub.callback?.body.type).toBe(6);
    const now = e.standIn.message(card.id)!;
    expect(embedText(now.embeds)).toContain('Rejected: AUC regressed on the March holdout');
    expect(buttonsOf(now.components)).toEqual([]);
    expect((await e.deps.store.read.deployments.byId(Number(id)))?.status).toBe('rejected');
  });

  it('tells a member without the approver role privately that they may not approve, and the request stays open', async () => {
    const { env: e } = await governed('pglite');
    const card = (await e.discord.command('deploy fraud-detector 2 to production', ALICE)).original!;
    const no = await e.discord.click(card, 'Approve', DAVE);
    expect(no.followUps[0]!.body.flags).toBe(64);
    expect(embedText(no.followUps[0]!.body.embeds)).toMatch(/approver/);
    expect(patchesOf(e, card)).toHaveLength(0);
    expect((await e.deps.store.read.deployments.byId(Number(cardId(card))))?.status).toBe('awaiting_approval');
  });

  it('grants roles by Discord role id: a member without the ml-engineers role may not deploy (ephemeral, nothing requested)', async () => {
    const { env: e } = await governed('pglite');
    const no = await e.discord.command('deploy fraud-detector 2 to production', { ...ALICE, roles: [] });
    expect(no.callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(no.original!.embeds)).toMatch(/not allowed to deploy in production/);
    expect(await e.deps.store.read.cards.messages('deployment', '1')).toEqual([]);
    const who = await e.discord.command('whoami', BOB);
    expect(embedText(who.original!.embeds)).toContain(`discord-role:${APPROVERS}`);
    expect(embedText(who.original!.embeds)).toContain('Bob (on call)');
  });
});
