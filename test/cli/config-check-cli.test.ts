import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { childEnv, root } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { LOG_LEVEL: 'silent', ...env }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

const NOBODY = 65534;
/** `steward …` as a real process; as root it runs as nobody, for whom a mode-000 file is unreadable. */
function asUnprivileged(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve) => {
    execFile('node', ['bin/steward.js', ...argv], { cwd: root, env: childEnv({ HOME: '/tmp', LOG_LEVEL: 'silent' }), ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) }, (e, stdout, stderr) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * As root, the unreadable-file case needs a user who can run this checkout: a clone under a private
 * directory (mktemp -d makes it 0700) is out of nobody's reach, and the case is skipped, saying so.
 */
const unprivilegedCanRun = process.getuid?.() !== 0 || spawnSync('node', ['-e', `require('fs').accessSync(${JSON.stringify(join(root, 'bin/steward.js'))})`], { uid: NOBODY, gid: NOBODY }).status === 0;
if (!unprivilegedCanRun) console.warn(`[config-check-cli] SKIPPED the unreadable-file case: user nobody (${NOBODY}) cannot reach ${root}, and root reads any file.`);

describe('steward config check FILE that is no readable file', () => {
  it('a directory: exit 2, one line naming it and asking for a steward.yaml file', async () => {
    const dir = tempDir('config-dir');
    const r = await run(['config', 'check', dir]);
    expect(r.err).toEqual([`steward: ${dir} is a directory; give the path of a steward.yaml file`]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
  });

  it('a file that does not exist: exit 2, one line naming it', async () => {
    const missing = join(tempDir('config-missing'), 'stewrad.yaml');
    const r = await run(['config', 'check', missing]);
    expect(r.err).toEqual([`steward: ${missing} does not exist; give the path of a steward.yaml file`]);
    expect(r.code).toBe(2);
  });

  it.runIf(unprivilegedCanRun)('a file this user may not read: exit 2, one line naming it (a real process)', async () => {
    const dir = tempDir('config-unreadable');
    chmodSync(dir, 0o755);
    const file = join(dir, 'steward.yaml');
    writeFileSync(file, 'environments: [staging, production]\n');
    chmodSync(file, 0o000);
    const r = await asUnprivileged(['config', 'check', file]);
    expect(r.stderr).toBe(`steward: ${file} cannot be read: permission denied; make it readable by this user (chmod) or give another steward.yaml\n`);
    expect(r.code).toBe(2);
  }, 60_000);

  it('STEWARD_CONFIG naming a directory stops any command with exit 2 and the reason, not EISDIR', async () => {
    const dir = tempDir('config-env-dir');
    const r = await run(['models'], { STEWARD_CONFIG: dir, STEWARD_DATA_DIR: join(dir, 'data') });
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(`env: STEWARD_CONFIG: ${dir} is a directory; give the path of a steward.yaml file`);
    expect(r.err.join('\n')).not.toMatch(/EISDIR/);
  });
});
