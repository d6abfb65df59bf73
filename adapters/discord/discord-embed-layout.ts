import type { APIEmbedField } from 'discord.js';
import { DISCORD_LIMITS as L } from './discord-limits.js';
import { toDiscordMarkdown, toPlain, toSmallPrint, truncate } from './discord-markdown.js';
import { tableCodeBlock } from './discord-table.js';

export interface EmbedDraft {
  title?: string;
  description: string;
  fields: APIEmbedField[];
}

const BLANK = '\u200b'; // Discord refuses an empty field name or value
/** values up to this long (one line) sit side by side, three to a row */
const INLINE_MAX = 48;
/** a continuation is only worth a new embed with at least this much room left */
const MIN_CONTINUATION = 200;

/**
 * Lays neutral blocks out as a run of embeds within one message's limits: text, tables and small
 * print go into the description until the embed has fields; after fields, they become full-width
 * fields ("**Plan** …" -> a field named "Plan"), so the order of the reply is kept. A description
 * past 4096 or more than 25 fields continue in the next embed; once the message's 6000 characters
 * (less `reserve` for the footer notes) are spent, the text is cut at a line with "… N more lines"
 * and later parts are counted, not shown.
 */
export class EmbedLayout {
  readonly drafts: EmbedDraft[];
  private used = 0;
  private full = false;
  hiddenBlocks = 0;
  hiddenFields = 0;

  constructor(
    private readonly cap: number,
    private readonly maxEmbeds: number,
    title?: string,
  ) {
    this.drafts = [{ ...(title ? { title } : {}), description: '', fields: [] }];
    this.used = title?.length ?? 0;
  }

  private get cur(): EmbedDraft {
    return this.drafts[this.drafts.length - 1]!;
  }

  private get room(): number {
    return this.cap - this.used;
  }

  private canContinue(): boolean {
    return this.drafts.length < this.maxEmbeds && this.room >= MIN_CONTINUATION;
  }

  private next(): void {
    this.drafts.push({ description: '', fields: [] });
  }

  text(neutral: string, small = false): void {
    if (!neutral.trim()) return;
    if (this.full) return void this.hiddenBlocks++;
    if (this.cur.fields.length) return this.textAsFields(neutral, small);
    this.describe(small ? toSmallPrint(neutral) : toDiscordMarkdown(neutral), small ? '\n' : '\n\n');
  }

  table(columns: readonly string[], rows: readonly (readonly string[])[], more: number | undefined): void {
    if (this.full) return void this.hiddenBlocks++;
    if (this.cur.fields.length) {
      const code = tableCodeBlock(columns, rows, more, Math.min(L.fieldValue, this.room - 1));
      return code ? this.field(BLANK, code, false) : this.stop(1, 0);
    }
    const sep = this.cur.description ? 2 : 0;
    let code = tableCodeBlock(columns, rows, more, Math.min(L.embedDescription - this.cur.description.length, this.room) - sep);
    if (!code && this.cur.description && this.canContinue()) {
      this.next();
      code = tableCodeBlock(columns, rows, more, Math.min(L.embedDescription, this.room));
      return code ? this.append(code, '') : this.stop(1, 0);
    }
    return code ? this.append(code, sep ? '\n\n' : '') : this.stop(1, 0);
  }

  fields(fs: readonly { label: string; value: string }[]): void {
    fs.forEach((f, i) => {
      if (this.full) return void (this.hiddenFields += fs.length - i);
      const value = toDiscordMarkdown(f.value).trim() || '—';
      const name = toPlain(f.label).replace(/\s+/g, ' ').trim() || BLANK;
      this.field(name, value, value.length <= INLINE_MAX && !value.includes('\n'));
    });
  }

  private field(name: string, value: string, inline: boolean): void {
    if (this.cur.fields.length >= L.embedFields) {
      if (!this.canContinue()) return this.stop(0, 1);
      this.next();
    }
    const n = truncate(name, L.fieldName);
    const room = this.room - n.length;
    if (room < 2) return this.stop(0, 1);
    const v = value.length <= Math.min(L.fieldValue, room) ? value : cutLines(value, Math.min(L.fieldValue, room));
    this.cur.fields.push({ name: n, value: v, inline });
    this.used += n.length + v.length;
    if (v !== value && room < L.fieldValue) this.full = true;
  }

  /** After fields: "**Heading** rest\nbody" -> a field named "Heading rest"; other text -> an unnamed full-width field. */
  private textAsFields(neutral: string, small: boolean): void {
    const m = /^\*\*([^\n]+?)\*\*([^\n]*)(?:\n([\s\S]*))?$/.exec(neutral.trim());
    const name = m && !small ? toPlain(`${m[1]}${m[2]}`).trim() : BLANK;
    const body = m && !small ? (m[3] ?? '') : neutral;
    const md = (small ? toSmallPrint(body) : toDiscordMarkdown(body)).trim() || BLANK;
    let rest = md;
    let first = true;
    while (rest && !this.full) {
      const [head, tail] = takeLines(rest, L.fieldValue);
      this.field(first ? name : BLANK, head, false);
      first = false;
      rest = tail;
    }
  }

  private describe(md: string, sepText: string): void {
    let rest = md;
    while (rest) {
      const sep = this.cur.description ? sepText : '';
      const avail = Math.min(L.embedDescription - this.cur.description.length, this.room) - sep.length;
      if (rest.length <= avail) return this.append(rest, sep);
      if (this.canContinue() && this.room - avail - sep.length >= MIN_CONTINUATION) {
        // fill this embed with whole lines, continue in the next one
        const [head, tail] = takeLines(rest, avail);
        if (head) this.append(head, sep);
        rest = head ? tail : rest;
        this.next();
        continue;
      }
      // out of room: cut at a line, say how many lines are not shown, and stop adding
      const total = rest.split('\n').length;
      const note = `… ${total} more line${total === 1 ? '' : 's'} not shown`;
      if (avail < note.length + 1) return this.stop(1, 0);
      const [cut] = takeLines(rest, avail - note.length - 1);
      const hidden = total - (cut ? cut.split('\n').length : 0);
      this.append(!cut ? note : hidden ? `${cut}\n… ${hidden} more line${hidden === 1 ? '' : 's'} not shown` : cut, sep);
      this.full = true;
      return;
    }
  }

  private append(text: string, sep: string): void {
    this.cur.description += `${sep}${text}`;
    this.used += sep.length + text.length;
  }

  private stop(blocks: number, fields: number): void {
    this.full = true;
    this.hiddenBlocks += blocks;
    this.hiddenFields += fields;
  }
}

/** The longest run of whole lines of `s` within `max` (a first line longer than that is cut), and the rest. */
export function takeLines(s: string, max: number): [string, string] {
  if (s.length <= max) return [s, ''];
  if (max <= 0) return ['', s];
  const at = s.lastIndexOf('\n', max);
  if (at > 0) return [s.slice(0, at), s.slice(at + 1)];
  const head = truncate(s.split('\n')[0]!, max);
  const nl = s.indexOf('\n');
  return [head, nl >= 0 ? s.slice(nl + 1) : ''];
}

/** `s` within `max`, cut at a line where possible, marked with "…". */
function cutLines(s: string, max: number): string {
  const at = s.lastIndexOf('\n', max - 2);
  return at > 0 ? `${s.slice(0, at)}\n…` : truncate(s, max);
}
