import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { seedDemo } from '../../src/usecases/seed-demo.js';
import { harness } from '../helpers/harness.js';

async function converse(lines: string[]) {
  const h = harness();
  await seedDemo(h.store, h.clock);
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
