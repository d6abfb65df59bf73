import { describe, expect, it } from 'vitest';
import { HEX64, harness } from '../../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../../helpers/test-config.js';
import { plainMentions } from '../../../src/chat/replies/mention.js';

describe('deployment events reach subscribed channels', () => {
  it('posts the live approval card to subscribers, updates it in place, then an approved notice', async () => {
    const h = harness({ config: configFromYaml(GOVERNANCE_YAML) });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} --metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x`, 'alice');
    const sub = await h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'ml-releases' }, text: '/mlops subscribe fraud-detector approval_requested approved rejected' });
    expect(sub.error).toBeUndefined();
    const req = await h.say('deploy fraud-detector 1 to production', 'alice');
    const id = (req.data as { id: number }).id;
    const cardPost = h.publisher.posts.find((p) => p.target.channelId === 'ml-releases')!;
    expect(cardPost.reply.title).toBe('Deploy fraud-detector v1 to production');
    expect(cardPost.reply.buttons?.map((b) => b.label)).toEqual(['Approve', 'Reject']);
    await h.say(`approve ${id}`, 'bob');
    // the subscriber's copy of the card is updated in place
    expect(h.publisher.latest(cardPost.ref.messageId)!.blocks.some((b) => b.kind === 'fields' && b.fields.some((f) => plainMentions(f.value).includes('1 of 2: @bob')))).toBe(true);
    await h.say(`approve ${id}`, 'carol');
    const notices = h.publisher.posts.filter((p) => p.target.channelId === 'ml-releases').map((p) => p.reply.title ?? '');
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/approved/i);
  });
});

describe('the channel a request comes from', () => {
  it('is not sent the approval card a second time when it is also subscribed', async () => {
    const h = harness({ config: configFromYaml(GOVERNANCE_YAML) });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} --metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x`, 'alice');
    await h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'console' }, text: '/mlops subscribe * approval_requested' });
    await h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'elsewhere' }, text: '/mlops subscribe * approval_requested' });
    await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(h.publisher.posts.map((p) => p.target.channelId)).toEqual(['elsewhere']);
  });
});
