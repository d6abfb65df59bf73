import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
/** Clear the screen, retitle the terminal window, ring the bell: what a terminal would act on. */
const EVIL = 'fraud\u001b[2J\u001b]0;owned\u0007x';
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The steward command as a person runs it; its exit status, stdout and stderr. */
async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await exec('node', ['bin/steward.js', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('the steward command never lets what was typed control the terminal', () => {
  it('echoes an unknown command, and a verb argument it refuses, without its escape sequences', async () => {
    const unknown = await steward([EVIL]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("steward: unknown command 'fraudx'");
    expect(unknown.stderr).not.toMatch(CONTROLS);

    const refused = await steward(['versions', EVIL], { STEWARD_DATA_DIR: tempDir('tty') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^steward: .*fraud/);
    expect(refused.stderr + refused.stdout).not.toMatch(CONTROLS);
  }, 60_000);
});
