import { fitTable, tableLines } from '../../src/chat/replies/text-table.js';
import { toPlain } from './discord-markdown.js';

/** cells shortened to 32 characters; a code block line wider than 120 wraps on a phone */
const LAYOUT = { maxCell: 32, maxLine: 120, plain: (s: string) => toPlain(s).replace(/`/g, "'") } as const; // a backtick could close the code block early

/**
 * A table as one code block (```) of at most `max` characters, with a last line "… N more" when rows
 * do not fit or the reply already said there are more. Null when not even the header fits.
 */
export function tableCodeBlock(columns: readonly string[], rows: readonly (readonly string[])[], more: number | undefined, max: number): string | null {
  const fit = fitTable(tableLines(columns, rows, LAYOUT), more ?? 0, max, 8);
  return fit ? `\`\`\`\n${fit.body.join('\n')}\n\`\`\`` : null;
}
