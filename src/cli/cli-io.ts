import { inline } from '../chat/replies/plain-text.js';
import { stripTerminalControls } from '../core/text-safety.js';
import type { Reply } from '../chat/replies/reply.js';
import { ExitError } from './load-or-exit.js';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/**
 * Thrown by the next line printed after stdout's reader went away (`steward audit export | head -3`):
 * the command stops there — its `finally` blocks still close the database — and exits 0 without a word,
 * as a Unix filter does. After any other write error, exit 4 (the one line was printed when it happened).
 */
export class OutputClosed extends ExitError {}

/** Why stdout cannot be written any more: null while it can. */
let stdoutGone: { code: number } | null = null;
let watching = false;

/**
 * Listens for stdout's write errors (idempotent). Without a listener Node throws them as an uncaught
 * 'error' event — a stack trace and exit 1 — whenever the reader of a pipe closes before we are done.
 */
export function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (stdoutGone) return;
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      stdoutGone = { code: 0 };
      return;
    }
    stdoutGone = { code: 4 };
    process.stderr.write(`steward: cannot write to standard output (${e.code ?? e.message}); stopping.\n`);
  });
}

/** The exit status a stdout write error calls for (0 for a reader that went away), or null when there was none. */
export function stdoutFailure(): number | null {
  return stdoutGone?.code ?? null;
}

/**
 * The one sink of every line the `steward` command prints. Lines often echo what was typed (an
 * unknown command, a bad option value, a model name): nothing in them may control the terminal.
 */
export const processIo: CliIo = {
  out: (s) => {
    watchStdout();
    if (stdoutGone || process.stdout.destroyed) throw new OutputClosed(stdoutGone?.code ?? 0);
    process.stdout.write(`${stripTerminalControls(s)}\n`);
  },
  err: (s) => process.stderr.write(`${stripTerminalControls(s)}\n`),
};

/** One line on stderr: what is wrong and how to fix it. Never a stack trace. */
export function failLine(reply: Reply): string {
  const parts = reply.blocks
    .map((b) => ('text' in b ? inline(b.text).trim() : ''))
    .filter(Boolean)
    .map((t) => (/[.!?:]$/.test(t) ? t : `${t}.`));
  return `steward: ${parts.join(' ').replace(/\s+/g, ' ').trim()}`;
}
