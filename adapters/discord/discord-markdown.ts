import { atName, plainMentions, takeMentions } from '../../src/chat/replies/mention.js';

/**
 * Neutral inline markup (**bold**, `code`) -> Discord markdown. Discord reads **bold** and `code`
 * natively, so those pass through; everything else that Discord would turn into formatting (a
 * `feature_x_` turning italic, `||` spoilers, `~~`, a line starting with `> `, `# `, `-# `, `- ` or `1. `,
 * `[label](url)` masked links, `<@id>` mentions) is backslash-escaped so it shows as typed.
 */
const SPECIAL = /[\\*_~|[\]<]/g;

/** A Discord user id (snowflake): only these become `<@…>`. */
const DISCORD_USER_ID = /^\d{17,20}$/;

/** What starts a block at the beginning of a line: headings, subtext, lists, quotes. */
const LINE_START = /^(\s*)(#{1,3} |-# |- |>>> |> |\d+\. )/gm;

export function escapeMarkdown(s: string): string {
  return s.replace(SPECIAL, '\\$&').replace(LINE_START, (_m, sp: string, mark: string) => `${sp}${mark.replace(/^(\d+)\./, '$1\\.').replace(/^([#>-])/, '\\$1')}`);
}

/**
 * Neutral inline text -> Discord markdown: **bold** and `code` kept, the rest escaped; only the
 * mentions the reply was built with (`mention(actorKey)`) become `<@id>` (for a Discord actor) —
 * an "@123…" someone typed stays text.
 */
export function toDiscordMarkdown(s: string): string {
  const m = takeMentions(s);
  const out = m.text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .split(/(\*\*\S(?:[^\n]*?\S)?\*\*)/)
        .map((p, j) => (j % 2 === 1 ? `**${escapeMarkdown(p.slice(2, -2))}**` : escapeMarkdown(p)))
        .join('');
    })
    .join('');
  return m.put(out, discordMention);
}

function discordMention(actorKey: string): string {
  const id = actorKey.slice(actorKey.indexOf(':') + 1);
  return actorKey.startsWith('discord:') && DISCORD_USER_ID.test(id) ? `<@${id}>` : escapeMarkdown(atName(actorKey));
}

/** Markup removed, for places that show text literally or plainly (titles, field names, labels, footers). */
export function toPlain(s: string): string {
  return plainMentions(s).replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

/** A context line (small print): italic, line by line (each line within 1000 characters, so a cut never loses the closing mark). */
export function toSmallPrint(s: string): string {
  return s
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `_${truncate(toDiscordMarkdown(l.trim()), 1000)}_`)
    .join('\n');
}

/** Cut to at most `max` UTF-16 units with an ellipsis, never between a surrogate pair or after a lone backslash. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  while (cut.endsWith('\\')) cut = cut.slice(0, -1);
  return `${cut}…`;
}
