import type { Block, Reply } from '../../src/replies/reply.js';
import { inline } from './plain-text.js';

export interface ConsoleRenderOptions {
  /** where each image of the reply was saved, in order */
  readonly imagePaths?: readonly string[];
  readonly color?: boolean;
  readonly width?: number;
}

const TONE_MARK: Record<string, string> = { success: '✓ ', warning: '! ', danger: '✗ ', info: '', neutral: '' };
const MAX_CELL = 60;

/** Neutral reply -> terminal text. Pure: the adapter prints it; golden tests pin it. */
export function renderConsole(reply: Reply, opts: ConsoleRenderOptions = {}): string {
  const c = opts.color ?? false;
  const out: string[] = [];
  const mark = TONE_MARK[reply.tone ?? 'neutral'] ?? '';
  if (reply.title) out.push(`${mark}${c ? `\x1b[1m${reply.title}\x1b[22m` : reply.title}`);
  for (const b of reply.blocks) out.push(renderBlock(b, c));
  if (!reply.title && mark && out.length) out[0] = `${mark}${out[0]}`;
  (reply.images ?? []).forEach((img, i) => out.push(`[chart] ${img.title}: ${opts.imagePaths?.[i] ?? img.filename}`));
  if (reply.buttons?.length) out.push(reply.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   '));
  if (reply.ephemeral) out.push('(only you can see this)');
  return out.join('\n');
}

function renderBlock(b: Block, c: boolean): string {
  switch (b.kind) {
    case 'text':
      return inline(b.text, c);
    case 'context':
      return inline(b.text, c)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n');
    case 'divider':
      return '—'.repeat(40);
    case 'fields': {
      const w = Math.max(...b.fields.map((f) => f.label.length));
      return b.fields.map((f) => `  ${`${f.label}:`.padEnd(w + 1)} ${inline(f.value, c)}`).join('\n');
    }
    case 'table':
      return renderTable(b.columns, b.rows, b.more, c);
  }
}

function cell(s: string): string {
  const t = inline(s).replace(/\s+/g, ' ');
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

export function renderTable(columns: readonly string[], rows: readonly (readonly string[])[], more?: number, color = false): string {
  const cells = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '')));
  const widths = columns.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const header = line(columns);
  const lines = [color ? `\x1b[2m${header}\x1b[22m` : header, ...cells.map(line)];
  if (more) lines.push(`… ${more} more`);
  return lines.join('\n');
}
