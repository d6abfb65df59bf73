import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface StewardChild {
  readonly process: ChildProcess;
  readonly url: string;
  readonly output: { stdout: string; stderr: string };
  /** a field of /proc/<pid>/status in bytes (VmRSS, VmHWM) */
  memory(field: 'VmRSS' | 'VmHWM'): number;
  /** reset VmHWM to the current RSS (Linux: clear_refs 5) */
  resetPeak(): void;
  stop(): Promise<void>;
}

/** `steward start` as a real OS process with these environment variables; resolves once its HTTP server listens. */
export async function startStewardChild(env: Record<string, string>, timeoutMs = 60_000): Promise<StewardChild> {
  const p = spawn('node', ['bin/steward.js', 'start'], { cwd: root, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  p.stdout!.on('data', (d) => (output.stdout += String(d)));
  p.stderr!.on('data', (d) => (output.stderr += String(d)));
  const t0 = Date.now();
  let m: RegExpExecArray | null = null;
  while (!(m = /HTTP API listening on (http:\/\/\S+)/.exec(output.stdout))) {
    if (p.exitCode !== null || Date.now() - t0 > timeoutMs) {
      p.kill('SIGKILL');
      throw new Error(`steward start did not listen (exit ${p.exitCode}); stdout: ${output.stdout}; stderr: ${output.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const status = () => readFileSync(`/proc/${p.pid}/status`, 'utf8');
  return {
    process: p,
    url: m[1]!,
    output,
    memory(field) {
      const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status());
      if (!kb) throw new Error(`no ${field} in /proc/${p.pid}/status`);
      return Number(kb[1]) * 1024;
    },
    resetPeak() {
      // writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+)
      writeFileSync(`/proc/${p.pid}/clear_refs`, '5');
    },
    async stop() {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}
