import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/discord-adapter.js';
import { DiscordStartError } from '../../../adapters/discord/discord-errors.js';
import { fromDiscordJs } from '../../../adapters/discord/discord-interaction.js';
import { type DiscordRequest, parseInteraction } from '../../../adapters/discord/discord-parse.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { DiscordGatewayStandIn, type StandInGuild } from '../../fakes/discord-gateway-stand-in.js';
import { DiscordRestStandIn } from '../../fakes/discord-rest-stand-in.js';
import { ALICE, APPROVERS, BOB, governedDiscord, ML_ENGINEERS } from './discord-governance.js';
import { APP_ID, CHANNEL, GUILD, slashCommandJson } from './discord-interactions.js';
import { buttonsOf, embedText, fixture } from './discord-test-helpers.js';
import { CALLBACK, type DiscordEnv, EDIT_CARD, TOKEN } from './discord-test-env.js';

const SERVER: StandInGuild = { id: GUILD, name: 'ML team', roles: { [APPROVERS]: 'Approvers', [ML_ENGINEERS]: 'ML engineers', '1500000000000000003': 'On call' }, channels: { [CHANNEL]: 'mlops' } };

let env: DiscordEnv | null = null;
let gateway: DiscordGatewayStandIn | null = null;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await gateway?.close();
  gateway = null;
  await env?.close();
  env = null;
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What discord.js makes of each documented interaction once it arrives over the gateway, translated by fromDiscordJs. */
async function throughDiscordJs(guilds: StandInGuild[], payloads: Record<string, unknown>[]): Promise<(DiscordRequest | null)[]> {
  const rest = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
  const gw = await DiscordGatewayStandIn.start(rest, guilds);
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: rest.apiUrl, retries: 0 } });
  cleanups.push(() => rest.close(), () => gw.close(), () => client.destroy());
  const seen: (DiscordRequest | null)[] = [];
  client.on(Events.InteractionCreate, (i: Interaction) => void seen.push(fromDiscordJs(i)));
  const ready = new Promise((r) => client.once(Events.ClientReady, r));
  await client.login(TOKEN);
  await ready;
  for (const p of payloads) gw.dispatch('INTERACTION_CREATE', p);
  await vi.waitFor(() => expect(seen).toHaveLength(payloads.length));
  return seen;
}

const FIXTURES = ['slash-command.json', 'button-click.json', 'modal-submit.json', 'modal-submit-action-row.json', 'slash-command-dm.json'];

describe('discord.js interaction objects -> our types (driven through a gateway stand-in)', () => {
  it('translates every recorded interaction exactly as parseInteraction reads its JSON, when the server is cached (GuildMember)', async () => {
    const payloads = FIXTURES.map(fixture);
    const seen = await throughDiscordJs([SERVER], payloads);
    expect(seen).toEqual(payloads.map(parseInteraction));
    expect(seen[0]).toMatchObject({ kind: 'command', roleIds: [ML_ENGINEERS], user: { displayName: 'Alice (ML)' } });
  });

  it('translates them the same when the server is not cached (the raw API member)', async () => {
    const payloads = FIXTURES.map(fixture);
    expect(await throughDiscordJs([], payloads)).toEqual(payloads.map(parseInteraction));
  });
});

describe('the Discord adapter over discord.js: gateway in, REST out', () => {
  it('connects with the Guilds intent only, answers /mlops and a button click delivered as INTERACTION_CREATE', async () => {
    ({ env } = await governedDiscord('pglite'));
    gateway = await DiscordGatewayStandIn.start(env.standIn, [SERVER]);
    const who = await env.adapter.start();
    expect(who).toEqual({ botName: 'Steward', botId: APP_ID, application: 'Steward' });
    expect(gateway.identified).toEqual([{ token: TOKEN, intents: GatewayIntentBits.Guilds }]);

    const cmd = slashCommandJson('deploy fraud-detector 2 to production', ALICE);
    env.standIn.expectInteraction(String(cmd.id), String(cmd.token), CHANNEL);
    gateway.dispatch('INTERACTION_CREATE', cmd);
    const [cb] = await env.standIn.waitFor(CALLBACK, (c) => c.params.token === cmd.token);
    expect(cb!.body.type).toBe(4);
    const card = env.standIn.message(env.standIn.interactions.get(String(cmd.token))!.original!)!;
    expect(embedText(card.embeds)).toContain('Deploy fraud-detector v2 to production');

    const approve = buttonsOf(card.components).find((b) => b.label === 'Approve')!;
    const template = fixture('button-click.json');
    const click = { ...template, id: '1600000000000009001', token: 'click-token-9001', data: { component_type: 2, custom_id: approve.custom_id }, member: { ...(template.member as object), roles: BOB.roles }, message: { ...(template.message as object), id: card.id } };
    env.standIn.expectInteraction('1600000000000009001', 'click-token-9001', CHANNEL, card.id);
    gateway.dispatch('INTERACTION_CREATE', click);
    await env.standIn.waitFor(EDIT_CARD, (c) => c.params.message === card.id);
    await env.adapter.idle();
    expect(embedText(env.standIn.message(card.id)!.embeds)).toContain(`1 of 2: <@${BOB.id}>`);
  });

  it('refuses to start with a fix-it line naming DISCORD_TOKEN when Discord rejects the token (exit 2), before any gateway login', async () => {
    const rest = await new DiscordRestStandIn({ token: 'a-different-token', applicationId: APP_ID }).start();
    cleanups.push(() => rest.close());
    const adapter = createDiscordAdapter({ app: null as never, discord: { token: TOKEN, applicationId: APP_ID, guildId: null, apiUrl: rest.apiUrl }, log: silentLogger, restRetries: 0 });
    cleanups.push(() => adapter.client.destroy());
    const e = await adapter.start().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DiscordStartError);
    expect(e).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)\. Set DISCORD_TOKEN to the bot token/) });
    expect((e as Error).message).not.toContain(TOKEN);
    expect(rest.callsOf('GET /gateway/bot')).toHaveLength(0);
  });

  it('refuses to start when DISCORD_APPLICATION_ID is not the token\'s application', async () => {
    const rest = await new DiscordRestStandIn({ token: TOKEN, applicationId: '1100000000000000999' }).start();
    cleanups.push(() => rest.close());
    const adapter = createDiscordAdapter({ app: null as never, discord: { token: TOKEN, applicationId: APP_ID, guildId: null, apiUrl: rest.apiUrl }, log: silentLogger, restRetries: 0 });
    cleanups.push(() => adapter.client.destroy());
    await expect(adapter.start()).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('DISCORD_TOKEN belongs to application 1100000000000000999') });
  });
});
