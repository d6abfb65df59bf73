import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { retryDeliveries, retryDelayMs } from '../../src/notify/chat/retry-deliveries.js';
import { harness } from '../helpers/harness.js';
import { storeImpls } from '../helpers/store-impls.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';

const REGISTER = '--metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x';
const inChannel = (p: RecordingPublisher, channel: string) => p.posts.filter((x) => x.target.channelId === channel);

describe.each(storeImpls())('chat messages a platform does not take, on %s', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await impl.open();
    store = opened.store;
    close = opened.close;
  });
  afterEach(async () => close());

  const steward = () => {
    const publisher = new RecordingPublisher();
    const h = harness({ store, config: configFromYaml(GOVERNANCE_YAML), publisher });
    return h;
  };
  const subscribe = (h: ReturnType<typeof steward>, events: string) =>
    h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'slack', id: 'C-RELEASES' }, text: `/mlops subscribe * ${events}` });

  it('are kept while it fails and delivered once, in order, when it answers; a kept card shows its state at delivery', async () => {
    const h = steward();
    expect((await subscribe(h, 'registered approval_requested approved')).error).toBeUndefined();
    h.publisher.down = { reason: 'Slack answered 500' };
    await h.say(`register fraud-detector s3://m/1 ${REGISTER}`, 'alice');
    await h.say(`register fraud-detector s3://m/2 ${REGISTER}`, 'alice');
    await h.say('deploy fraud-detector 1 to production', 'alice');
    await h.say('approve 1', 'bob');
    expect(inChannel(h.publisher, 'C-RELEASES')).toEqual([]);
    expect((await store.read.deliveries.depth()).count).toBe(3); // two registrations and the approval card (its quorum is not reached)

    // still down: each attempt fails and is put off with backoff, nothing is lost
    h.clock.advance(60_000);
    const refused = h.publisher.refused;
    expect(await retryDeliveries(h.steward.deliveries!, 'replica-1')).toBe(0);
    expect(h.publisher.refused).toBe(refused + 1); // the channel's oldest only: the others wait behind it
    expect(await retryDeliveries(h.steward.deliveries!, 'replica-1')).toBe(0); // not due yet
    expect(h.publisher.refused).toBe(refused + 1);

    // a message sent while others wait goes behind them, even once the platform answers
    h.publisher.down = null;
    await h.say('approve 1', 'carol');
    expect(inChannel(h.publisher, 'C-RELEASES')).toEqual([]);
    expect((await store.read.deliveries.depth()).count).toBe(4);

    h.clock.advance(60_000);
    expect(await retryDeliveries(h.steward.deliveries!, 'replica-1')).toBe(4);
    const posted = inChannel(h.publisher, 'C-RELEASES');
    expect(posted.map((p) => p.reply.title)).toEqual(['fraud-detector v1 registered', 'fraud-detector v2 registered', 'Deploy fraud-detector v1 to production', 'Approved: fraud-detector v1 → production']);
    // the card was rendered when delivered: approved by both, no buttons left to click
    expect(posted[2]!.reply.buttons ?? []).toEqual([]);
    expect(JSON.stringify(posted[2]!.reply.blocks)).toMatch(/carol/);
    // and it is a live card now: tracked where it landed
    expect(await store.read.cards.messages('deployment', '1')).toContainEqual(posted[2]!.ref);

    expect(await retryDeliveries(h.steward.deliveries!, 'replica-1')).toBe(0);
    expect(inChannel(h.publisher, 'C-RELEASES')).toHaveLength(4);
    expect((await store.read.deliveries.depth()).count).toBe(0);
  });

  it('two replicas retrying at once deliver each kept message exactly once', async () => {
    const h = steward();
    expect((await subscribe(h, 'registered')).error).toBeUndefined();
    h.publisher.down = { reason: 'Slack answered 429', retryAfterMs: 30_000 };
    for (let i = 1; i <= 6; i++) await h.say(`register churn-${i} s3://m/${i} --new-model`, 'alice');
    // another channel, so the replicas have two queues to share
    await h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'slack', id: 'C-OTHER' }, text: '/mlops subscribe * registered' });
    for (let i = 7; i <= 9; i++) await h.say(`register churn-${i} s3://m/${i} --new-model`, 'alice');
    expect((await store.read.deliveries.depth()).count).toBe(9 + 3);
    h.publisher.down = null;
    h.clock.advance(31_000);
    const [a, b] = await Promise.all([retryDeliveries(h.steward.deliveries!, 'replica-1'), retryDeliveries(h.steward.deliveries!, 'replica-2')]);
    expect(a + b).toBe(12);
    const titles = inChannel(h.publisher, 'C-RELEASES').map((p) => p.reply.title);
    expect(titles).toEqual(Array.from({ length: 9 }, (_, i) => `churn-${i + 1} v1 registered`));
    expect(inChannel(h.publisher, 'C-OTHER').map((p) => p.reply.title)).toEqual(['churn-7 v1 registered', 'churn-8 v1 registered', 'churn-9 v1 registered']);
  });

  it('keeps only the latest content of a card update, and delivers it once', async () => {
    const h = steward();
    await h.say(`register fraud-detector s3://m/1 ${REGISTER}`, 'alice');
    const asked = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(asked.title).toBe('Deploy fraud-detector v1 to production');
    // the card as an adapter posts it: in the channel it was asked from, then tracked
    const posted = await h.publisher.post({ platform: 'discord', channelId: 'D-DEPLOYS' }, asked);
    if (!posted.ok) throw new Error(posted.reason);
    const card = { ref: posted.ref };
    await store.read.cards.track('deployment', '1', card.ref, h.clock.now());
    h.publisher.down = { reason: 'Discord answered 503' };
    await h.say('approve 1', 'bob');
    await h.say('approve 1', 'carol');
    const waiting = await store.read.deliveries.depth();
    expect(waiting.count).toBe(1); // two updates of one message: one kept, the newest
    h.publisher.down = null;
    h.clock.advance(60_000);
    const before = h.publisher.updates.length;
    expect(await retryDeliveries(h.steward.deliveries!, 'replica-1')).toBe(1);
    const sent = h.publisher.updates.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ref).toEqual(card.ref);
    expect(JSON.stringify(sent[0]!.reply.blocks)).toMatch(/carol/);
  });

  it('does not keep what the platform refuses (not in the channel): that is said, not retried', async () => {
    const h = steward();
    expect((await subscribe(h, 'registered')).error).toBeUndefined();
    const refusing = h.publisher as RecordingPublisher & { post: RecordingPublisher['post'] };
    refusing.post = async () => ({ ok: false, reason: 'Steward is not a member of this channel' });
    await h.say('register churn s3://m/1 --new-model', 'alice');
    expect((await store.read.deliveries.depth()).count).toBe(0);
  });
});

describe('retry backoff', () => {
  it('starts at about 2 s, doubles to a 30 s cap, and never comes sooner than the platform asked', () => {
    const mid = () => 0.5;
    expect(retryDelayMs(0, undefined, mid)).toBe(2_000);
    expect(retryDelayMs(1, undefined, mid)).toBe(4_000);
    expect(retryDelayMs(3, undefined, mid)).toBe(16_000);
    expect(retryDelayMs(9, undefined, mid)).toBe(30_000);
    expect(retryDelayMs(0, 45_000, mid)).toBe(45_000);
    expect(retryDelayMs(0, undefined, () => 0)).toBe(1_600);
    expect(retryDelayMs(0, undefined, () => 0.999)).toBeLessThanOrEqual(2_400);
  });
});
