import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childEnv, root } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `steward … | head -3`: the reader of stdout goes away while steward still has lines to print.
 * Here the parent closes its end of the pipe before the child has printed anything, so every write
 * the child makes fails with EPIPE (a reader closing after the first chunk is the same error, later).
 */
function runWithStdoutClosed(argv: string[], env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const p = spawn(process.execPath, ['bin/steward.js', ...argv], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout!.destroy();
  let stderr = '';
  p.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => p.once('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('stdout whose reader went away (steward … | head)', () => {
  it('audit export --format csv stops quietly: exit 0, nothing on stderr, no stack trace', async () => {
    const r = await runWithStdoutClosed(['audit', 'export', '--format', 'csv'], { STEWARD_DATA_DIR: tempDir('closed-stdout'), LOG_LEVEL: 'silent' });
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, signal: null });
  }, 60_000);

  it('holds for any command printing to stdout (steward --help, no database)', async () => {
    const r = await runWithStdoutClosed(['--help'], {});
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, signal: null });
  }, 60_000);
});
