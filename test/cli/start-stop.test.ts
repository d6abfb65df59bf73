import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const root = join(import.meta.dirname, '../..');

/**
 * A supervisor stops Steward with SIGTERM, sometimes while it is still starting (a rolling deploy, a
 * crash loop): the stop is kept and honoured once the step under way (migrating, seeding) is done —
 * a clean exit 0, the database closed — never a kill by the signal mid-write. (The grace period is
 * raised here: a loaded CI machine may seed the demo for longer than the default 25 s.)
 */
/** A child process with its output collected; `until` waits for stdout to show a line (at most 30 s). */
function child(args: readonly string[], env?: NodeJS.ProcessEnv) {
  const p = spawn('node', args, { cwd: root, ...(env ? { env } : {}), stdio: ['pipe', 'pipe', 'pipe'] });
  const io = { out: '', err: '' };
  p.stdout.on('data', (d) => (io.out += String(d)));
  p.stderr.on('data', (d) => (io.err += String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => p.once('exit', (code, signal) => r({ code, signal })));
  const until = async (re: RegExp) => {
    const t0 = Date.now();
    while (!re.test(io.out) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
  };
  return { p, io, exited, until };
}

describe('steward start, stopped with SIGTERM', () => {
  it('while still starting (migrating, seeding the demo): finishes the step under way, starts nothing more, exits 0', async () => {
    const dir = tempDir('start-stop');
    const { p, io, exited, until } = child(['bin/steward.js', 'start', '--demo'], { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_HTTP_PORT: '0', LOG_LEVEL: 'warn', STEWARD_STOP_GRACE_SECONDS: '120' });
    await until(/Steward starting/);
    expect(io.out).toMatch(/Steward starting/);
    expect(io.out).not.toMatch(/HTTP API listening/); // still starting
    p.kill('SIGTERM');
    const end = await exited;
    expect(end, `stdout: ${io.out}\nstderr: ${io.err}`).toEqual({ code: 0, signal: null });
    expect(io.err).toBe('');
    expect(io.out).not.toMatch(/HTTP API listening/); // stopped before serving
  }, 180_000);
});

describe('stopping is bounded', () => {
  it('a stop that hangs still ends the process within the grace period, exit 1 with one line saying so', async () => {
    // a process whose stopping never finishes: the stop signal's deadline ends it
    const script = `
      import { stopSignal } from './src/cli/stop-signal.ts';
      const stop = stopSignal({ out: (s) => console.log(s), err: (s) => console.error(s) }, 500);
      setInterval(() => {}, 1000); // a server that never closes
      stop.requested.then(() => new Promise(() => {})); // a shutdown that hangs
      console.log('ready');`;
    const { p, io, exited, until } = child(['--import', 'tsx', '--input-type=module', '-e', script]);
    await until(/ready/);
    p.kill('SIGTERM');
    p.kill('SIGTERM'); // a second signal changes nothing: the first one's deadline still holds
    expect(await exited, io.err).toEqual({ code: 1, signal: null });
    expect(io.err.trim()).toBe('steward: stopping took longer than 1 s after SIGTERM; exiting without waiting for the rest.');
  }, 60_000);
});
