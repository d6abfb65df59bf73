import { describe, expect, it } from 'vitest';
import { InMemoryStore } from '../../fakes/in-memory-store.js';
import { countingStore } from '../../fakes/counting-store.js';
import { HEX64, harness } from '../../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../../helpers/test-config.js';

const GOOD = '--metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x';

/** A Steward whose deployment-card renders are counted (the card is the only reader of decisions outside a transaction). */
async function counted() {
  const { store, counts } = countingStore(new InMemoryStore(), ['decisions.list']);
  const h = harness({ store, config: configFromYaml(GOVERNANCE_YAML) });
  await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
  return { h, renders: () => counts['decisions.list']! };
}

describe('a deployment card is rendered once per change, and not at all when nobody will see it', () => {
  it('a request nobody subscribed to renders its card once: the reply', async () => {
    const { h, renders } = await counted();
    const req = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(req.title).toBe('Deploy fraud-detector v1 to production');
    expect(renders()).toBe(1);
    expect(h.publisher.posts).toEqual([]);
  });

  it('a subscribed channel gets the live card, rendered once for every subscriber', async () => {
    const { h, renders } = await counted();
    for (const c of ['ml-releases', 'ml-audit']) await h.app.handleText({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: c }, text: '/mlops subscribe fraud-detector approval_requested' });
    await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(h.publisher.posts.map((p) => p.target.channelId).sort()).toEqual(['ml-audit', 'ml-releases']);
    expect(renders()).toBe(2); // the reply, and one render for both subscribers
  });

  it('an approval re-renders a posted card once for all its copies, and not at all when no copy was posted', async () => {
    const { h, renders } = await counted();
    const id = (( await h.say('deploy fraud-detector 1 to production', 'alice')).data as { id: number }).id;
    const before = renders();
    await h.say(`approve ${id}`, 'bob'); // the text fallback: its reply is the card
    expect(renders() - before).toBe(1);
    for (const m of ['m1', 'm2']) await h.app.trackCard({ kind: 'deployment', id: String(id) }, { platform: 'console', channelId: 'c', messageId: m });
    const tracked = renders();
    await h.say(`approve ${id}`, 'carol');
    expect(renders() - tracked).toBe(2); // one refresh for both copies, and the reply
    expect(h.publisher.updates.map((u) => u.ref.messageId)).toEqual(['m1', 'm2']);
  });
});
