import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { harness } from '../helpers/harness.js';
import { seedDriftScenario } from '../helpers/monitoring-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('console chat: drift report', () => {
  it('prints the report and saves its chart as a PNG at the path it prints', async () => {
    const h = harness();
    await seedDriftScenario(h.deps);
    const imagesDir = tempDir('console-images');
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const done = runConsoleChat({ app: h.app, user: 'alice', input, output, imagesDir });
    input.end('/mlops drift fraud-detector production\n:quit\n');
    await done;
    expect(text).toMatch(/alice> ! Drift: fraud-detector v1 in production/);
    expect(text).toMatch(/Dataset drift: yes — 4 of 7 features drifted \(57\.1%\)/);
    const m = /\[chart\] Reference vs current: (\S+\.png)/.exec(text);
    expect(m).not.toBeNull();
    const path = m![1]!;
    expect(path.startsWith(imagesDir)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect([...readFileSync(path).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
