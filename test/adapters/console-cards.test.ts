import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MultiPublisher } from '../../src/chat/replies/publisher.js';
import { chart } from '../fakes/fake-report-source.js';
import { ConsoleCards } from '../../adapters/console/console-cards.js';
import { seedDemo } from '../../src/app/seed-demo.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { harness } from '../helpers/harness.js';
import { tempDir } from '../helpers/temp-dir.js';

const card = (status: string, extra = ''): Reply => ({ title: 'Deploy fraud-detector v7 to production', card: { kind: 'deployment', id: '7' }, blocks: [{ kind: 'text', text: `Status: ${status}${extra}` }] });

describe('the console as a live-card platform', () => {
  it('prints a card once, reprints it on a real change, and ignores elapsed-time ticks and other processes’ consoles', async () => {
    const out: string[] = [];
    const cards = new ConsoleCards((t) => out.push(t), tempDir('console-cards'));
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
    const cards = new ConsoleCards((t) => out.push(t), tempDir('console-cards'));
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
    const cards = new ConsoleCards((t) => out.push(t), tempDir('console-cards'));
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

  it('a post and an update through the publisher (a scheduled report) print each chart at the path it is saved to', async () => {
    const out: string[] = [];
    const dir = join(tempDir('console-cards'), 'images');
    const publisher = new MultiPublisher().register('console', new ConsoleCards((t) => out.push(t), dir));
    const report = (...names: string[]): Reply => ({ title: 'Monitoring digest — production, last 7 days', blocks: [{ kind: 'text', text: 'fraud-detector — CRITICAL' }], images: names.map(chart) });
    const posted = await publisher.post({ platform: 'console', channelId: 'console' }, report('drift-fraud-detector'));
    expect(posted.ok).toBe(true);
    await publisher.update((posted as { ref: Parameters<MultiPublisher['update']>[0] }).ref, report('drift-fraud-detector', 'bias-credit-risk-scorer'));
    const printed = out.flatMap((o) => [...o.matchAll(/^\[chart\] .*: (\S+)$/gm)].map((m) => m[1]!));
    expect(printed).toEqual([join(dir, 'drift-fraud-detector.png'), join(dir, 'drift-fraud-detector.png'), join(dir, 'bias-credit-risk-scorer.png')]);
    for (const p of printed) expect([...readFileSync(p)]).toEqual([...chart('x').png]);
    expect(existsSync(join(dir, 'bias-credit-risk-scorer.png'))).toBe(true);
  });
});
