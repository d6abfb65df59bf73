import { atName, plainMentions, takeMentions } from '../../src/chat/replies/mention.js';

/**
 * Neutral inline markup (**bold**, `code`) -> Slack mrkdwn, with the escaping Slack requires:
 * &, < and > become &amp; &lt; &gt; in every mrkdwn text (otherwise "<x>" is read as a link or
 * mention). plain_text objects (headers, buttons) are not escaped — Slack shows them literally.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What people typed that reads like a Slack ping — "@channel", "@here", "@everyone" or a user id like
 * "@U0123ABCDE" — gets an invisible word joiner after the "@", so nothing (Slack's automatic parsing
 * included) can take it for a mention; it still reads the same. Code spans too: refusals echo input
 * there. Other @words ("/invite @Steward", "@alice") are left as they are.
 */
export const inertAts = (s: string): string => s.replace(/(^|\W)@(?=(?:channel|here|everyone|group)\b)/gi, '$1@\u2060').replace(/(^|\W)@(?=[UW][A-Z0-9]{6,}\b)/g, '$1@\u2060');

/** A Slack user id: only these become `<@…>`. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * Neutral text -> mrkdwn: everything escaped as text and made inert, except the mentions the reply
 * was built with (`mention(actorKey)` in src/chat/replies/mention.ts): a Slack actor becomes `<@U…>`,
 * which Slack shows as the person's current display name; anyone else reads "@name".
 */
export function toMrkdwn(s: string): string {
  const m = takeMentions(s);
  const out = m.text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? inertAts(escapeMrkdwn(part)) : inertAts(escapeMrkdwn(part)).replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '*$1*')))
    .join('');
  return m.put(out, slackMention);
}

function slackMention(actorKey: string): string {
  const id = actorKey.slice(actorKey.indexOf(':') + 1);
  return actorKey.startsWith('slack:') && SLACK_USER_ID.test(id) ? `<@${id}>` : inertAts(escapeMrkdwn(atName(actorKey)));
}

/** Markup removed, for plain_text (headers, buttons, fallback text before escaping); mentions read "@name". */
export function toPlain(s: string): string {
  return plainMentions(s)
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
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
