import { inline } from '../chat/replies/plain-text.js';
import { stripTerminalControls } from '../core/text-safety.js';
import type { Reply } from '../chat/replies/reply.js';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/**
 * The one sink of every line the `steward` command prints. Lines often echo what was typed (an
 * unknown command, a bad option value, a model name): nothing in them may control the terminal.
 */
export const processIo: CliIo = {
  out: (s) => process.stdout.write(`${stripTerminalControls(s)}\n`),
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
