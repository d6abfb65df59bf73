import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { renderDiscord } from '../../../adapters/discord/discord-render.js';
import { InteractionResponder } from '../../../adapters/discord/discord-responder.js';
import { parseInteraction } from '../../../adapters/discord/discord-parse.js';
import { DiscordRestStandIn } from '../../fakes/discord-rest-stand-in.js';
import { SAMPLE_REPLIES } from '../../fixtures/replies.js';
import { ALICE, BOB, DAVE, governedDiscord } from './discord-governance.js';
import { APP_ID, CHANNEL, NO_VIEW_CHANNEL, nextInteraction, slashCommandJson } from './discord-interactions.js';
import { buttonsOf, embedText } from './discord-test-helpers.js';
import { CALLBACK, type DiscordEnv, EDIT_CARD, EDIT_ORIGINAL, TOKEN } from './discord-test-env.js';

let env: DiscordEnv | null = null;
let standIn: DiscordRestStandIn | null = null;
let client: Client | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
  await client?.destroy();
  client = null;
  await standIn?.close();
  standIn = null;
});

async function governed(o: Parameters<typeof governedDiscord>[1] = {}) {
  const g = await governedDiscord('pglite', o);
  env = g.env;
  return g.env;
}

describe('answering interactions: the first response within 3 s, with the right visibility', () => {
  it('answers at once with the reply itself when it is ready in time: a private one as an ephemeral reply', async () => {
    const e = await governed();
    const who = await e.discord.command('whoami', BOB);
    expect(who.callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(who.callback?.query.with_response).toBe('true');
    expect(who.callback?.token).toBeNull(); // interaction endpoints take the interaction token, not the bot token
    expect(embedText(who.original!.embeds)).toContain('discord:1400000000000000002');
    expect(e.standIn.callsOf(EDIT_ORIGINAL)).toHaveLength(0);
  });

  it('defers publicly when the reply is slow, then edits the card in, tracks it, and later clicks update it', async () => {
    const e = await governed({ replyWithinMs: 0 });
    const cmd = await e.discord.command('deploy fraud-detector 2 to production', ALICE);
    expect(cmd.callback?.body).toEqual({ type: 5 });
    const [edit] = e.standIn.callsOf(EDIT_ORIGINAL);
    expect(edit!.params.token).toBe(cmd.token);
    const card = cmd.original!;
    expect(card.flags).toBe(0);
    expect(embedText(card.embeds)).toContain('Deploy fraud-detector v2 to production');
    const id = JSON.parse(buttonsOf(card.components)[0]!.custom_id).id as string;
    expect(await e.deps.store.read.cards.messages('deployment', id)).toEqual([{ platform: 'discord', channelId: CHANNEL, messageId: card.id }]);
    await e.discord.click(card, 'Approve', BOB);
    expect(e.standIn.callsOf(EDIT_CARD).map((c) => c.params.message)).toEqual([card.id]);
    expect(embedText(e.standIn.message(card.id)!.embeds)).toContain('1 of 2');
  });

  it('a slow private reply is not left in the channel: the deferral is resolved, the answer follows up ephemerally, the deferral is deleted', async () => {
    const e = await governed({ replyWithinMs: 0 });
    const out = await e.discord.command('deploy fraud-detector 2 to production', DAVE);
    expect(out.callback?.body).toEqual({ type: 5 });
    const routes = e.standIn.calls.filter((c) => c.params.token === out.token).map((c) => `${c.route} ${c.status}`);
    expect(routes).toEqual([`${CALLBACK} 204`, `${EDIT_ORIGINAL} 200`, 'POST /webhooks/{app}/{token} 200', 'DELETE /webhooks/{app}/{token}/messages/@original 204']);
    expect(out.original!.deleted).toBe(true);
    const priv = e.standIn.message((out.followUps[0]!.response as { id: string }).id)!;
    expect(priv.flags & 64).toBe(64);
    expect(embedText(priv.embeds)).toMatch(/not allowed to deploy/);
  });

  it('when the bot cannot see the channel, the card says so and a click still updates it through the interaction', async () => {
    const e = await governed({ channelErrors: { [CHANNEL]: 'missing_access' } });
    const card = (await e.discord.command('deploy fraud-detector 2 to production', ALICE, { appPermissions: NO_VIEW_CHANNEL })).original!;
    expect(embedText(card.embeds)).toContain('Steward cannot see this channel');
    const click = await e.discord.click(card, 'Approve', BOB, { appPermissions: NO_VIEW_CHANNEL });
    expect(click.callback?.body.type).toBe(6);
    // the channel route fails (Missing Access) and is logged; the click's own token edits the card
    expect(e.standIn.callsOf(EDIT_CARD).map((c) => c.status)).toEqual([403]);
    expect(e.log.text()).toContain('"discordError":"50001"');
    const [viaInteraction] = e.standIn.callsOf(EDIT_ORIGINAL);
    expect(viaInteraction!.params.token).toBe(click.token);
    expect(viaInteraction!.status).toBe(200);
    expect(embedText(e.standIn.message(card.id)!.embeds)).toContain(`1 of 2: <@${BOB.id}>`);
  });

  it('answers a button it does not recognise privately, and changes nothing', async () => {
    const e = await governed();
    const card = (await e.discord.command('deploy fraud-detector 2 to production', ALICE)).original!;
    const odd = { ...card, components: [{ type: 1, components: [{ type: 2, custom_id: 'v0:approve:1', label: 'Old', style: 1 }] }] };
    const out = await e.discord.click(odd, 'Old', BOB);
    expect(out.callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText((out.callback!.body.data as { embeds: unknown }).embeds)).toMatch(/not recognised/);
    expect(e.standIn.callsOf(EDIT_CARD)).toHaveLength(0);
  });

  it('turns a failure inside Steward into a private message with a reference, and logs it', async () => {
    const e = await governed({
      wrapApp: (app) => ({
        ...app,
        handleText: async () => {
          throw new Error('database went away');
        },
      }),
    });
    const out = await e.discord.command('models', BOB);
    expect(out.callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const text = embedText(out.original!.embeds);
    const ref = /ref ([0-9a-f]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(e.log.text()).toContain(ref!);
    expect(text).not.toContain('database went away');
  });

  it('logs an interaction that expired before Steward answered (10062) instead of throwing', async () => {
    const e = await governed();
    const json = slashCommandJson('models', BOB);
    await e.adapter.handle(parseInteraction(json)!); // never announced to the stand-in: Unknown interaction
    expect(e.log.text()).toContain('discord interaction could not be answered');
    expect(e.log.text()).toContain('"discordError":"10062"');
  });
});

describe('InteractionResponder over discord.js REST', () => {
  it('sends a chart with the first response as a multipart callback (payload_json + files[0])', async () => {
    standIn = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl, retries: 0 } });
    client.rest.setToken(TOKEN);
    const i = nextInteraction();
    standIn.expectInteraction(i.id, i.token, CHANNEL);
    const m = await new InteractionResponder(client.rest, { ...i, applicationId: APP_ID }).reply(renderDiscord(SAMPLE_REPLIES.image!));
    const [cb] = standIn.callsOf(CALLBACK);
    expect(cb!.files).toEqual([{ field: 'files[0]', name: 'drift-fraud-detector.png', contentType: 'image/png', bytes: 4 }]);
    expect(cb!.body).toMatchObject({ type: 4, data: { attachments: [{ id: 0, filename: 'drift-fraud-detector.png' }] } });
    expect(m?.attachments.map((a) => a.filename)).toEqual(['drift-fraud-detector.png']);
  });

  it('acknowledges a click with DEFERRED_UPDATE_MESSAGE: a 204 with no body and no content type', async () => {
    standIn = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl, retries: 0 } });
    const i = nextInteraction();
    standIn.expectInteraction(i.id, i.token, CHANNEL, '1700000000000000001');
    const r = new InteractionResponder(client.rest, { ...i, applicationId: APP_ID });
    await r.deferUpdate();
    await expect(r.deferUpdate()).rejects.toMatchObject({ code: 40060 }); // one callback per interaction
    expect(standIn.callsOf(CALLBACK).map((c) => c.status)).toEqual([204, 400]);
  });
});
