import { fitTable, moreLine, tableLines } from '../../src/chat/replies/text-table.js';
import { escapeMrkdwn, toPlain } from './slack-mrkdwn.js';

const LAYOUT = { maxCell: 40, maxLine: 250, plain: (s: string) => toPlain(s).replace(/`/g, "'") } as const;

/**
 * A table as one preformatted (```) mrkdwn text of at most `max` characters: aligned columns, cells
 * shortened to 40 characters, and — when rows do not fit or the reply already said there are more —
 * a last line "… N more".
 */
export function tableText(columns: readonly string[], rows: readonly (readonly string[])[], more: number | undefined, max: number): string {
  const lines = tableLines(columns, rows, LAYOUT).map(escapeMrkdwn);
  const fit = fitTable(lines, more ?? 0, max, 8) ?? { body: [lines[0]!, ...(lines.length - 1 + (more ?? 0) ? [moreLine(lines.length - 1 + (more ?? 0))] : [])] };
  const out = `\`\`\`\n${fit.body.join('\n')}\n\`\`\``;
  return out.length <= max ? out : `${out.slice(0, max - 4)}\n\`\`\``;
}
