import { toPlain } from './discord-markdown.js';

const MAX_CELL = 32;
/** a code block line wider than this wraps on a phone; cells are shortened first, then the line cut */
const MAX_LINE = 120;

function cell(s: string): string {
  // a backtick could close the code block early
  const t = toPlain(s).replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

function line(cells: readonly string[], widths: readonly number[]): string {
  const l = cells.map((v, i) => (i === cells.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l;
}

/**
 * A table as one code block (```) of at most `max` characters: aligned columns in a monospace font,
 * cells shortened to 32 characters, and — when rows do not fit or the reply already said there are
 * more — a last line "… N more". Null when not even the header fits.
 */
export function tableCodeBlock(columns: readonly string[], rows: readonly (readonly string[])[], more: number | undefined, max: number): string | null {
  const cells = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '')));
  const head = columns.map(cell);
  const widths = head.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const lines = [head, ...cells].map((c) => line(c, widths));
  const extra = more ?? 0;
  const moreLine = (n: number) => `… ${n} more`;
  const fence = 8; // "```\n" + "\n```"
  let shown = 1;
  let used = fence + lines[0]!.length;
  const reserve = (left: number) => (left ? moreLine(left).length + 1 : 0);
  if (used + reserve(lines.length - 1 + extra) > max) return null;
  while (shown < lines.length) {
    const next = used + 1 + lines[shown]!.length;
    if (next + reserve(lines.length - shown - 1 + extra) > max) break;
    used = next;
    shown++;
  }
  const hidden = lines.length - shown + extra;
  const body = lines.slice(0, shown);
  if (hidden) body.push(moreLine(hidden));
  return `\`\`\`\n${body.join('\n')}\n\`\`\``;
}
