import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StewardChild, startSteward } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const children: StewardChild[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited; // before tempDir removes the data directory it writes to
  }
});

function serve(): { child: StewardChild; dir: string } {
  const dir = tempDir('quit');
  const child = startSteward({ STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0', STEWARD_USER: 'ops' });
  children.push(child);
  return { child, dir };
}

const within = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([p, new Promise<never>((_, no) => setTimeout(() => no(new Error(`${what} did not happen within ${ms} ms`)), ms))]);

describe('the console of steward start with STEWARD_HTTP_PORT set (real process, stdin not a terminal)', () => {
  it(':quit ends the process with a clean shutdown, even though stdin is not a terminal', async () => {
    const { child, dir } = serve();
    await child.waitFor(/HTTP API listening on/);
    await child.waitFor(/ops> $/);
    child.type(':quit'); // stdin stays open: only the command says to leave
    const { code } = await within(child.exited, 30_000, 'exit after :quit');
    expect(code).toBe(0);
    expect(child.out.stdout).not.toContain('serving the HTTP API');
    expect(existsSync(join(dir, 'steward.lock'))).toBe(false); // closed cleanly
  }, 120_000);

  it('keeps serving HTTP when the console input simply ends (a container), until SIGTERM', async () => {
    const { child } = serve();
    const [, url] = await child.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    await child.waitFor(/ops> $/);
    child.proc.stdin!.end();
    await child.waitFor(/Console input closed; serving the HTTP API until SIGTERM or SIGINT\./);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.proc.kill('SIGTERM');
    expect((await within(child.exited, 30_000, 'exit after SIGTERM')).code).toBe(0);
  }, 120_000);
});
