import { renderConsole } from '../../adapters/console/console-render.js';
import type { StewardApp } from '../app/steward-app.js';
import { type CliIo, failLine } from './cli-io.js';
import { exitCodeFor } from './exit-codes.js';

/** Pull `--format json|table` out of the arguments (it is the CLI's, not the command's). */
export function takeFormat(args: string[]): { args: string[]; format: 'json' | 'table' } | { error: string } {
  const rest: string[] = [];
  let format: 'json' | 'table' = 'table';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: string | undefined;
    if (a === '--format') v = args[++i];
    else if (a.startsWith('--format=')) v = a.slice('--format='.length);
    else {
      rest.push(a);
      continue;
    }
    if (v !== 'json' && v !== 'table') return { error: `--format takes json or table, got ${v === undefined ? 'nothing' : `"${v}"`}` };
    format = v;
  }
  return { args: rest, format };
}

const quote = (a: string) => (a === '' || /[\s"'\\]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a);

/**
 * `steward <verb> …`: the same dispatcher as chat, printed for a terminal or as JSON. `unattended`
 * says when the command queued work that no running Steward will pick up: that line goes to stderr.
 */
export async function runVerb(app: StewardApp, user: string, argv: string[], io: CliIo, unattended: () => Promise<string | null> = async () => null): Promise<number> {
  const f = takeFormat(argv);
  if ('error' in f) {
    io.err(`steward: ${f.error}`);
    return 2;
  }
  const reply = await app.handleText({ actor: { platform: 'cli', id: user, displayName: user }, channel: { platform: 'cli', id: 'cli' }, text: f.args.map(quote).join(' ') }, 'cli');
  if (reply.error) {
    io.err(failLine(reply));
    return exitCodeFor(reply.error);
  }
  if (f.format === 'json') io.out(JSON.stringify(reply.data ?? null, null, 2));
  else io.out(renderConsole(reply));
  const note = await unattended();
  if (note) io.err(`steward: ${note}`);
  return 0;
}
