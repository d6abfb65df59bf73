import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StewardChild, spawnSteward } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const children: StewardChild[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited; // before tempDir removes the data directory it writes to
  }
});

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('charts of what the scheduler posts to the console (real `steward start --demo`)', () => {
  it('run-schedule 1: every [chart] line of the digest names a PNG saved under $STEWARD_DATA_DIR/images', async () => {
    const dir = tempDir('console-charts');
    const child = spawnSteward(['start', '--demo'], { STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0', STEWARD_USER: 'ops' });
    children.push(child);
    await child.waitFor(/ops> $/, 120_000);
    child.type('/mlops run-schedule 1');
    // the scheduler polls every 5 s; the digest replaces its "Running…" message when done
    await child.waitFor(/Monitoring digest[^\n]*\n(?:[^\n]*\n)*?\[1\] Details: /, 120_000);
    const digest = child.out.stdout.slice(child.out.stdout.lastIndexOf('Monitoring digest'));
    const charts = [...digest.matchAll(/^\[chart\] [^\n]*?: (\S+\.png)$/gm)].map((m) => m[1]!);
    expect(charts.length).toBeGreaterThan(2);
    for (const path of charts) {
      expect(isAbsolute(path), path).toBe(true);
      expect(path.startsWith(join(dir, 'images')), path).toBe(true);
      expect(existsSync(path), path).toBe(true);
      expect([...readFileSync(path).subarray(0, 4)]).toEqual(PNG);
    }
    child.type(':quit');
    expect((await child.exited).code).toBe(0);
  }, 240_000);
});
