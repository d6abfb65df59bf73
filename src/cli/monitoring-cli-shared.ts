import { renderText } from '../chat/replies/text-render.js';
import type { Progress } from '../monitoring/io/progress.js';
import { terminalProgress } from '../monitoring/io/progress.js';
import type { Reply } from '../chat/replies/reply.js';
import { type CliIo, processIo } from './cli-io.js';
import { ExitError } from './load-or-exit.js';

/** Bits shared by `steward drift` and `steward bias` (file-based, no database). */

export function fail(io: CliIo, message: string, code = 2): never {
  io.err(`steward: ${message.replace(/\s+/g, ' ').trim()}`);
  throw new ExitError(code);
}

/** "a, b,c" -> ["a","b","c"]; refuses empty names and repeats. */
export function nameList(io: CliIo, flag: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) fail(io, `${flag} takes comma-separated column names, e.g. ${flag} age,income; got "${raw}"`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail(io, `${flag} names "${dup}" twice`);
  return names;
}

export function checkFormat(io: CliIo, format: string | undefined): 'json' | 'table' {
  const f = format ?? 'table';
  if (f !== 'json' && f !== 'table') fail(io, `--format takes json or table, got "${f}"`);
  return f;
}

/** A progress bar factory: only for the real process stderr, and only when it is a terminal. */
export function progressFor(io: CliIo): ((label: string, total: number) => Progress) | undefined {
  if (io !== processIo || !process.stderr.isTTY) return undefined;
  return (label, total) => terminalProgress(`reading ${label}`, total, process.stderr);
}

export function print(io: CliIo, format: 'json' | 'table', json: unknown, reply: Reply): void {
  io.out(format === 'json' ? JSON.stringify(json, null, 2) : renderText(reply));
}
