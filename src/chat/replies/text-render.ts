import type { Block, Reply } from './reply.js';
import { moreLine, tableLines } from './text-table.js';
import { inline, safe } from './plain-text.js';

export interface TextRenderOptions {
  /** where each image of the reply was saved, in order */
  readonly imagePaths?: readonly string[];
  readonly color?: boolean;
  readonly width?: number;
  /**
   * Rendered for a chat (the console chat): an ephemeral reply then ends with "(only you can see
   * this)", as Slack and Discord mark theirs. The CLI and the HTTP API leave it out: their output
   * goes to the one who asked and nobody else, so there is nothing to tell apart.
   */
  readonly chat?: boolean;
}

const TONE_MARK: Record<string, string> = { success: '✓ ', warning: '! ', danger: '✗ ', info: '', neutral: '' };
const MAX_CELL = 60;

/**
 * Neutral reply -> plain text for a terminal (the console chat with `chat`, the CLI, the HTTP API's `text`). Pure; golden tests pin it. Every piece of
 * text is made safe for a terminal (`safe`): escape sequences in a description or an echoed input
 * are removed, so only the renderer's own colours reach the terminal.
 */
export function renderText(reply: Reply, opts: TextRenderOptions = {}): string {
  const c = opts.color ?? false;
  const out: string[] = [];
  const mark = TONE_MARK[reply.tone ?? 'neutral'] ?? '';
  if (reply.title) out.push(`${mark}${c ? `\x1b[1m${safe(reply.title)}\x1b[22m` : safe(reply.title)}`);
  for (const b of reply.blocks) out.push(renderBlock(b, c));
  if (!reply.title && mark && out.length) out[0] = `${mark}${out[0]}`;
  (reply.images ?? []).forEach((img, i) => out.push(`[chart] ${safe(img.title)}: ${safe(opts.imagePaths?.[i] ?? img.filename)}`));
  if (reply.buttons?.length) out.push(reply.buttons.map((b, i) => `[${i + 1}] ${safe(b.label)}`).join('   '));
  for (const l of reply.links ?? []) out.push(`${safe(l.label)}: ${safe(l.url)}`);
  if (reply.ephemeral && opts.chat) out.push('(only you can see this)');
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
      const labels = b.fields.map((f) => safe(f.label));
      const w = Math.max(...labels.map((l) => l.length));
      return b.fields.map((f, i) => `  ${`${labels[i]}:`.padEnd(w + 1)} ${inline(f.value, c)}`).join('\n');
    }
    case 'table':
      return renderTable(b.columns, b.rows, b.more, c);
  }
}

export function renderTable(columns: readonly string[], rows: readonly (readonly string[])[], more?: number, color = false): string {
  const [header, ...body] = tableLines(columns, rows, { maxCell: MAX_CELL, maxLine: Number.POSITIVE_INFINITY, plain: (s) => inline(s) });
  const lines = [color ? `\x1b[2m${header}\x1b[22m` : header!, ...body];
  if (more) lines.push(moreLine(more));
  return lines.join('\n');
}
