import { describe, expect, it } from 'vitest';
import { ConsoleCards } from '../../adapters/console/console-cards.js';
import { seedDemo } from '../../src/app/seed-demo.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { harness } from '../helpers/harness.js';

const card = (status: string, extra = ''): Reply => ({ title: 'Deploy fraud-detector v7 to production', card: { kind: 'deployment', id: '7' }, blocks: [{ kind: 'text', text: `Status: ${status}${extra}` }] });

describe('the console as a live-card platform', () => {
  it('prints a card once, reprints it on a real change, and ignores elapsed-time ticks and other processes’ consoles', async () => {
    const out: string[] = [];
    const cards = new ConsoleCards((t) => out.push(t));
    const h = harness();
    await cards.show(h.app, card('Awaiting approval'));
    await cards.show(h.app, card('Awaiting approval'));
    expect(out).toHaveLength(1);
    const [msg] = await h.store.read.cards.messages('deployment', '7');
    expect(msg).toMatchObject({ platform: 'console', channelId: cards.channelId });
    await cards.update(msg!, card('Running since 17:03 UTC', ', 4s so far'));
    await cards.update(msg!, card('Running since 17:03 UTC', ', 1m 19s so far'));
    await cards.update(msg!, card('Succeeded'));
    expect(out.map((o) => o.split('\n')[1])).toEqual(['Status: Awaiting approval', 'Status: Running since 17:03 UTC, 4s so far', 'Status: Succeeded']);
    expect(out[2]!.startsWith('↻ ')).toBe(true);
    expect(await cards.update({ ...msg!, channelId: 'console-otherhost-1' }, card('Failed'))).toMatchObject({ ok: false });
    expect(out).toHaveLength(3);
  });

  it('does not reprint a card whose only change is its [Open] link signed again (a new expiry), and reprints it for another page', async () => {
    const out: string[] = [];
    const cards = new ConsoleCards((t) => out.push(t));
    const h = harness();
    const linked = (exp: number, sig: string, version = 7): Reply => ({ ...card('Running since 17:03 UTC'), links: [{ label: 'Open', url: `http://127.0.0.1:8080/pages/models/fraud-detector/versions/${version}?exp=${exp}&sig=${sig}` }] });
    await cards.show(h.app, linked(1797132375, 'fBFLYhblCN7OAImzhoHv-djtw6ih_r81vpu4vpiC4oo'));
    const [msg] = await h.store.read.cards.messages('deployment', '7');
    await cards.update(msg!, linked(1797132379, 'Qk3_0b1Xw9yq2Vf8r6mZc1sT4uHn7pLj5eDa0gKiR2o'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/\nOpen: http:\/\/127\.0\.0\.1:8080\/pages\/models\/fraud-detector\/versions\/7\?exp=1797132375&sig=fBFLYhbl/);
    await cards.update(msg!, linked(1797132380, 'x', 8));
    expect(out).toHaveLength(2);
  });

  it('an approval on the console refreshes the tracked card through the publisher, printed once', async () => {
    const out: string[] = [];
    const cards = new ConsoleCards((t) => out.push(t));
    const h = harness({ publisher: undefined });
    await seedDemo(h.deps);
    // route console updates of this harness's app to the console cards
    (h.deps.publisher as unknown as { update: typeof cards.update }).update = cards.update.bind(cards);
    const req = await h.say('/mlops deploy fraud-detector 7 to production', 'alice');
    await cards.show(h.app, req);
    const after = await h.click(req.buttons![0]!.action, 'bob');
    await cards.show(h.app, after);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^↻ Deploy fraud-detector v7 to production[\s\S]*Approvals: 1 of 2: @bob/);
  });
});
