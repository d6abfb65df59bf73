/**
 * Neutral inline markup (**bold**, `code`) -> Slack mrkdwn, with the escaping Slack requires:
 * &, < and > become &amp; &lt; &gt; in every mrkdwn text (otherwise "<x>" is read as a link or
 * mention). plain_text objects (headers, buttons) are not escaped — Slack shows them literally.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `@U0123ABCD` (a Slack user id, as cards print actors) becomes a mention `<@U0123ABCD>`, which Slack
 * shows as the person's current display name — display names in cards without a lookup.
 */
const SLACK_USER_AT = /(^|[\s(,;])@([UW][A-Z0-9]{8,11})\b/g;

export function toMrkdwn(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? escapeMrkdwn(part) : escapeMrkdwn(part).replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '*$1*').replace(SLACK_USER_AT, '$1<@$2>')))
    .join('');
}

/** Markup removed, for plain_text (headers, buttons, fallback text before escaping). */
export function toPlain(s: string): string {
  return s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

/** Cut to at most `max` characters with an ellipsis, never inside an &entity; escape. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/**
 * Split escaped mrkdwn into chunks of at most `max` characters: at a line break if there is one in
 * the second half of the chunk, else at a space, else hard (never inside an &entity;).
 */
export function splitText(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = rest.lastIndexOf(' ', max);
    if (at < max / 2) {
      at = max;
      const amp = rest.lastIndexOf('&', at);
      if (amp > max - 8 && !rest.slice(amp, at).includes(';')) at = amp;
    }
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.length) out.push(rest);
  return out;
}
