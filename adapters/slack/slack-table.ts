import { escapeMrkdwn, toPlain } from './slack-mrkdwn.js';

const MAX_CELL = 40;
const MAX_LINE = 250;

function cell(s: string): string {
  const t = toPlain(s).replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

function line(cells: readonly string[], widths: readonly number[]): string {
  const l = cells.map((v, i) => (i === cells.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l;
}

/**
 * A table as one preformatted (```) mrkdwn text of at most `max` characters: aligned columns, cells
 * shortened to 40 characters, and — when rows do not fit or the reply already said there are more —
 * a last line "… N more".
 */
export function tableText(columns: readonly string[], rows: readonly (readonly string[])[], more: number | undefined, max: number): string {
  const cells = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '')));
  const head = columns.map(cell);
  const widths = head.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const lines = [head, ...cells].map((c) => escapeMrkdwn(line(c, widths)));
  const extra = more ?? 0;
  const fence = (body: string[]) => `\`\`\`\n${body.join('\n')}\n\`\`\``;
  const moreLine = (n: number) => `… ${n} more`;
  // the header line + as many rows as fit, keeping room for the "… N more" line
  let shown = 1;
  let used = 8 + lines[0]!.length; // ```\n … \n```
  while (shown < lines.length) {
    const next = used + 1 + lines[shown]!.length;
    const left = lines.length - shown - 1 + extra;
    if (next + (left ? moreLine(left).length + 1 : 0) > max) break;
    used = next;
    shown++;
  }
  const hidden = lines.length - shown + extra;
  const body = lines.slice(0, shown);
  if (hidden) body.push(moreLine(hidden));
  const out = fence(body);
  return out.length <= max ? out : `${out.slice(0, max - 4)}\n\`\`\``;
}
