import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '../..');

/** The environment of a child `steward`: no inherited settings except PATH and HOME. */
export const childEnv = (env: Record<string, string>): Record<string, string> => ({ PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env });

export interface StewardChild {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Wait until stdout matches (the process's own output, not a clock). */
  waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Type a line into its console (stdin stays open). */
  type(line: string): void;
}

/** `steward start` as a real OS process with its stdin a pipe kept open (not a terminal). */
export function startSteward(env: Record<string, string>): StewardChild {
  return spawnSteward(['start'], env);
}

/** `steward <argv…>` as a real OS process whose output can be watched while it runs. */
export function spawnSteward(argv: readonly string[], env: Record<string, string>): StewardChild {
  const proc = spawn('node', ['bin/steward.js', ...argv], { cwd: root, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  proc.stdout!.on('data', (d) => (out.stdout += String(d)));
  proc.stderr!.on('data', (d) => (out.stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc,
    pid: proc.pid!,
    out,
    exited,
    async waitFor(re, ms = 60_000) {
      const end = Date.now() + ms;
      while (!re.test(out.stdout)) {
        if (proc.exitCode !== null || Date.now() > end) throw new Error(`no ${re} (exit ${proc.exitCode}); stdout: ${out.stdout}; stderr: ${out.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return re.exec(out.stdout)!;
    },
    type(line) {
      proc.stdin!.write(`${line}\n`);
    },
  };
}

/** A one-shot `steward …` as its own OS process: exit status and output. */
export function stewardOnce(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/steward.js', ...argv], { cwd: root, env: childEnv(env) }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Poll `f` until it gives a value (for state other processes change); fails after `ms`. */
export async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
