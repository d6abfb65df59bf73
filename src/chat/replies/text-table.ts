/**
 * A table as aligned monospace lines, shared by every renderer: cells flattened to one line and
 * shortened to `maxCell`, columns padded, lines cut at `maxLine`. Each platform escapes the lines
 * for its own markup and fences them.
 */
export interface TableLayout {
  readonly maxCell: number;
  readonly maxLine: number;
  /** inline markup -> plain text for this platform (and anything that would break its code block) */
  readonly plain: (s: string) => string;
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function tableLines(columns: readonly string[], rows: readonly (readonly string[])[], o: TableLayout): string[] {
  const cell = (s: string) => shorten(o.plain(s).replace(/\s+/g, ' ').trim(), o.maxCell);
  const cells = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '')));
  const head = columns.map(cell);
  const widths = head.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (c: readonly string[]) => shorten(c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd(), o.maxLine);
  return [head, ...cells].map(line);
}

export const moreLine = (n: number): string => `… ${n} more`;

/**
 * How many of `lines` (the header first) fit in `max` characters inside a fence of `fenceLength`,
 * keeping room for a "… N more" line when anything is left out (or `more` rows were already cut).
 * Null when not even the header fits.
 */
export function fitTable(lines: readonly string[], more: number, max: number, fenceLength: number): { body: string[] } | null {
  const reserve = (left: number) => (left ? moreLine(left).length + 1 : 0);
  let used = fenceLength + lines[0]!.length;
  if (used + reserve(lines.length - 1 + more) > max) return null;
  let shown = 1;
  while (shown < lines.length) {
    const next = used + 1 + lines[shown]!.length;
    if (next + reserve(lines.length - shown - 1 + more) > max) break;
    used = next;
    shown++;
  }
  const hidden = lines.length - shown + more;
  return { body: [...lines.slice(0, shown), ...(hidden ? [moreLine(hidden)] : [])] };
}
