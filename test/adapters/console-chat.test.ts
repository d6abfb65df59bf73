import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { seedDemo } from '../../src/app/seed-demo.js';
import { harness } from '../helpers/harness.js';
import { ConsoleCards } from '../../adapters/console/console-cards.js';
import { tempDir } from '../helpers/temp-dir.js';

async function converse(lines: string[]) {
  const h = harness();
  await seedDemo(h.deps);
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d) => (text += String(d)));
  const done = runConsoleChat({ app: h.app, user: 'alice', input, output, imagesDir: '/tmp/steward-test-images' });
  for (const l of lines) input.write(`${l}\n`);
  input.end();
  await done;
  return text;
}

describe('console chat', () => {
  it('runs /mlops commands through the shared dispatcher and prompts as the acting user', async () => {
    const out = await converse(['/mlops models', ':quit']);
    expect(out).toMatch(/^alice> Models \(3\)/m);
    expect(out).toMatch(/fraud-detector\s+risk-ml\s+v7/);
  });

  it(':as switches the acting user, which whoami then reports', async () => {
    const out = await converse([':as bob', '/mlops whoami']);
    expect(out).toContain('now acting as bob');
    expect(out).toMatch(/bob> Who am I/);
    expect(out).toMatch(/Identity:\s+console:bob/);
  });

  it('refuses a bad :as name and keeps the current user', async () => {
    const out = await converse([':as bad name!', '/mlops whoami']);
    expect(out).toContain('usage: :as <user>');
    expect(out).toMatch(/Identity:\s+console:alice/);
  });
});

describe('console chat: leaving and notes after replies', () => {
  async function session(lines: string[], end: boolean, afterReply?: () => Promise<string | null>) {
    const h = harness();
    await seedDemo(h.deps);
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const done = runConsoleChat({ app: h.app, user: 'alice', input, output, imagesDir: '/tmp/steward-test-images', afterReply });
    for (const l of lines) input.write(`${l}\n`);
    if (end) input.end();
    return { how: await done, text: () => text };
  }

  it('says it was left with :quit (the input still open) and not when the input ended', async () => {
    expect((await session(['/mlops models', ':quit'], false)).how).toBe('quit');
    expect((await session([':q'], false)).how).toBe('quit');
    expect((await session(['/mlops models'], true)).how).toBe('ended');
  });

  it('prints the line afterReply gives after a reply, and nothing when it gives none', async () => {
    const notes = ['No running Steward is connected to this database: deployment #8 stays approved until you run `steward start`.', null];
    const s = await session(['/mlops models', '/mlops whoami'], true, async () => notes.shift() ?? null);
    expect(s.text()).toMatch(/fraud-detector[\s\S]*\nNo running Steward is connected to this database: deployment #8 stays approved until you run `steward start`\.\n\nalice> Who am I/);
    expect(s.text().match(/No running Steward/g)).toHaveLength(1);
  });
});

describe('console chat: cards that arrive on their own', () => {
  it('a number presses the buttons of the message posted last (an alert after the digest), and the prompt comes back below it', async () => {
    const h = harness();
    const pressed: string[] = [];
    const app = { ...h.app, handleAction: async (inv: Parameters<typeof h.app.handleAction>[0]) => (pressed.push(`${inv.action!.a} ${inv.action!.id}`), { ephemeral: true, blocks: [{ kind: 'text' as const, text: 'done' }] }) };
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const cards = new ConsoleCards((t) => output.write(`${t}\n`), tempDir('console-async'));
    const done = runConsoleChat({ app, user: 'alice', input, output, imagesDir: tempDir('console-async-images'), cards });
    const posted = (title: string, buttons: [string, string, string][]) => cards.post({ platform: 'console', channelId: 'console' }, { title, blocks: [{ kind: 'text', text: title }], buttons: buttons.map(([label, a, id]) => ({ label, action: { v: 1, a: a as never, id } })) });
    await posted('Weekly digest', [['Details: churn-predictor', 'details', 'd1']]);
    await posted('Drift alert: churn-predictor in production', [['Acknowledge', 'ack', 'a7'], ['Retrain', 'retrain', 'r7']]);
    expect(text).toMatch(/Drift alert: churn-predictor in production[\s\S]*\[2\] Retrain\n+alice> $/);
    input.write('2\n');
    input.write('1\n');
    input.end();
    await done;
    expect(pressed).toEqual(['retrain r7', 'ack a7']);
  });
});
