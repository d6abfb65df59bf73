import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordPublisher } from '../../../adapters/discord/discord-publisher.js';
import { DiscordRestStandIn } from '../../fakes/discord-rest-stand-in.js';
import { SAMPLE_REPLIES } from '../../fixtures/replies.js';
import { CapturingLogger } from '../slack/slack-test-env.js';
import { APP_ID } from './discord-interactions.js';
import { buttonsOf, embedText } from './discord-test-helpers.js';
import { TOKEN } from './discord-test-env.js';

const CHANNEL = '1300000000000000001';
const POST = 'POST /channels/{channel}/messages';
const PATCH = 'PATCH /channels/{channel}/messages/{message}';

let standIn: DiscordRestStandIn | null = null;
let client: Client | null = null;
afterEach(async () => {
  await client?.destroy();
  client = null;
  await standIn?.close();
  standIn = null;
});

/** A DiscordPublisher over a discord.js Client's REST client, pointed at the stand-in (no gateway login). */
async function publisherOn(o: Partial<ConstructorParameters<typeof DiscordRestStandIn>[0]> = {}, retries = 0) {
  standIn = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID, ...o }).start();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl, retries } });
  client.rest.setToken(TOKEN);
  const log = new CapturingLogger();
  return { s: standIn, publisher: new DiscordPublisher(client.rest, log), log };
}

describe('DiscordPublisher over discord.js REST (against the REST stand-in)', () => {
  it('posts a card as an embed with buttons, with the bot token, and updates that same message in place', async () => {
    const { s, publisher } = await publisherOn();
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.buttons!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [post] = s.callsOf(POST);
    expect(post!.token).toBe(TOKEN);
    expect(post!.params.channel).toBe(CHANNEL);
    expect(r.ref).toEqual({ platform: 'discord', channelId: CHANNEL, messageId: (post!.response as { id: string }).id });
    expect(buttonsOf(s.message(r.ref.messageId)!.components).map((b) => b.label)).toEqual(['Approve', 'Reject']);

    const u = await publisher.update(r.ref, { ...SAMPLE_REPLIES.buttons!, title: 'Approved', tone: 'success', buttons: [] });
    expect(u.ok).toBe(true);
    const [patch] = s.callsOf(PATCH);
    expect(patch!.params).toEqual({ channel: CHANNEL, message: r.ref.messageId });
    const now = s.message(r.ref.messageId)!;
    expect(embedText(now.embeds)).toContain('✅ Approved');
    expect(now.components).toEqual([]);
  });

  it('uploads a chart as a multipart attachment of the same message, shown by the embed (attachment://)', async () => {
    const { s, publisher } = await publisherOn();
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.image!);
    expect(r.ok).toBe(true);
    const [post] = s.callsOf(POST);
    expect(post!.files).toEqual([{ field: 'files[0]', name: 'drift-fraud-detector.png', contentType: 'image/png', bytes: 4 }]);
    expect(post!.body.attachments).toEqual([{ id: 0, filename: 'drift-fraud-detector.png', description: 'histograms' }]);
    expect((post!.body.embeds as { image?: { url: string } }[])[1]!.image!.url).toBe('attachment://drift-fraud-detector.png');
    // a channel message is never ephemeral, even if the reply asked for it
    await publisher.post({ platform: 'discord', channelId: CHANNEL }, { ...SAMPLE_REPLIES.fields!, ephemeral: true });
    expect(s.callsOf(POST)[1]!.body.flags).toBeUndefined();
  });

  it('an update without charts removes the old attachments (attachments: [])', async () => {
    const { s, publisher } = await publisherOn();
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.image!);
    if (!r.ok) throw new Error(r.reason);
    expect(s.message(r.ref.messageId)!.attachments).toHaveLength(1);
    await publisher.update(r.ref, SAMPLE_REPLIES.fields!);
    expect(s.callsOf(PATCH)[0]!.body.attachments).toEqual([]);
    expect(s.message(r.ref.messageId)!.attachments).toEqual([]);
  });

  it.each([
    ['missing_access', '50001', /View Channel and Send Messages/],
    ['unknown_channel', '10003', /Add the Steward bot to this server/],
    ['missing_permissions', '50013', /Embed Links and Attach Files/],
  ] as const)('turns %s into a value that tells the user what to give the bot, never a throw', async (kind, code, fix) => {
    const { publisher, log } = await publisherOn({ channelErrors: { [CHANNEL]: kind } });
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.fields!);
    expect(r).toMatchObject({ ok: false, code });
    expect(!r.ok && r.reason).toMatch(fix);
    const u = await publisher.update({ platform: 'discord', channelId: CHANNEL, messageId: '1700000000000000001' }, SAMPLE_REPLIES.fields!);
    expect(u).toMatchObject({ ok: false, code });
    expect(log.text()).not.toContain(TOKEN);
  });

  it('rides out a 429: discord.js waits retry_after and retries, and the post succeeds', async () => {
    const { s, publisher } = await publisherOn();
    s.fail(POST, { status: 429, retryAfter: 0.4 });
    const t0 = Date.now();
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.table!);
    const waited = Date.now() - t0;
    expect(r.ok).toBe(true);
    expect(s.callsOf(POST).map((c) => c.status)).toEqual([429, 200]);
    expect(waited).toBeGreaterThanOrEqual(380);
    expect(waited).toBeLessThan(5_000);
  });

  it('reports an unreachable Discord as a value (after its retries)', async () => {
    const { s, publisher } = await publisherOn({}, 0);
    s.fail(POST, { status: 502, code: 0, message: 'Bad Gateway' });
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL }, SAMPLE_REPLIES.table!);
    expect(r).toMatchObject({ ok: false, code: 'http_502' });
    expect(!r.ok && r.reason).toMatch(/could not reach Discord/);
  });

  it('posts into a thread (a channel of its own on Discord) and updates it there', async () => {
    const { s, publisher } = await publisherOn();
    const THREAD = '1390000000000000001';
    const r = await publisher.post({ platform: 'discord', channelId: CHANNEL, threadId: THREAD }, SAMPLE_REPLIES.table!);
    if (!r.ok) throw new Error(r.reason);
    expect(s.callsOf(POST)[0]!.params.channel).toBe(THREAD);
    expect(r.ref).toMatchObject({ channelId: CHANNEL, threadId: THREAD });
    await publisher.update(r.ref, SAMPLE_REPLIES.fields!);
    expect(s.callsOf(PATCH)[0]!.params.channel).toBe(THREAD);
  });
});
