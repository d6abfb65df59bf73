import { saveImages } from '../chat/replies/save-images.js';
import { renderText } from '../chat/replies/text-render.js';
import { checkOf } from '../monitoring/chat/fail-on.js';
import type { StewardApp } from '../ports/steward-app.js';
import { type CliIo, failLine } from './cli-io.js';
import { exitCodeFor } from '../chat/exit-codes.js';
import type { Store } from '../ports/store.js';
import { followDeployment, takeWait } from './deploy-wait.js';

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
 * `steward <verb> …`: the same dispatcher as chat, printed for a terminal or as JSON. Charts are
 * saved in `imagesDir` and their paths printed. A report whose --fail-on check failed is printed in
 * full, with one line on stderr saying why, and exits 1. `unattended` says when the command queued
 * work that no running Steward will pick up: that line goes to stderr. `deploy|rollback … --wait`
 * then follows the deployment it requested in `store` until it ends (cli/deploy-wait.ts).
 */
export async function runVerb(app: StewardApp, user: string, argv: string[], io: CliIo, opts: { imagesDir?: string; unattended?: () => Promise<string | null>; store?: Pick<Store, 'read'>; pollMs?: number } = {}): Promise<number> {
  const f = takeFormat(argv);
  if ('error' in f) {
    io.err(`steward: ${f.error}`);
    return 2;
  }
  const w = takeWait(f.args);
  if ('error' in w) {
    io.err(`steward: ${w.error}`);
    return 2;
  }
  if (w.wait && !opts.store) {
    io.err('steward: --wait needs a database other processes share (DATABASE_URL, PostgreSQL): the approvals and the rollout happen in a running steward start, which the embedded database keeps out while this command holds it');
    return 2;
  }
  const reply = await app.handleText({ actor: { platform: 'cli', id: user, displayName: user }, channel: { platform: 'cli', id: 'cli' }, text: w.args.map(quote).join(' ') }, 'cli');
  const check = checkOf(reply.data);
  if (reply.error && !check?.failed) {
    io.err(failLine(reply));
    return exitCodeFor(reply.error);
  }
  let charts: string[] = [];
  if (opts.imagesDir && reply.images?.length) {
    try {
      charts = saveImages(reply, opts.imagesDir);
    } catch (e) {
      io.err(`steward: cannot save the chart in ${opts.imagesDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a writable directory with --out DIR`);
      return 4;
    }
  }
  if (w.wait && opts.store) {
    const id = (reply.data as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') {
      io.err('steward: --wait cannot follow this request here; see steward history');
      return 4;
    }
    if (f.format === 'table') io.out(renderText(reply));
    const note = await opts.unattended?.();
    if (note) io.err(`steward: ${note} Waiting anyway.`);
    return followDeployment(opts.store, id, w.wait, io, f.format, opts.pollMs);
  }
  if (f.format === 'json') {
    const data = reply.data ?? null;
    io.out(JSON.stringify(charts.length && data && typeof data === 'object' && !Array.isArray(data) ? { ...data, charts } : data, null, 2));
  } else io.out(renderText(reply, { imagePaths: charts }));
  if (reply.error) {
    io.err(`steward: ${check!.reason}`);
    return exitCodeFor(reply.error);
  }
  const note = await opts.unattended?.();
  if (note) io.err(`steward: ${note}`);
  return 0;
}
