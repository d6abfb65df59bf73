import { randomBytes } from 'node:crypto';
import { shortName } from '../../governance/domain/actor.js';

/**
 * Mentions in reply text. Only an actor (the requester, an approver, whoever holds a lock) may be
 * shown as a platform mention — Slack's `<@U…>` notifies that person, Discord's `<@…>` shows them by
 * name — and only when the code that writes the reply says so with `mention(actorKey)`. Text that
 * people typed (descriptions, reasons, model-card fields, echoed input) never becomes a mention,
 * whatever it contains: renderers escape it as text.
 *
 * A mention travels inside the text as a marker that user text cannot forge: it carries a random
 * value drawn when this process starts, and markers without it are shown as plain text.
 */
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const NONCE = randomBytes(6).toString('hex');
/** a whole marker, or one marker character on its own (which only user text has) */
const MARKER_OR_STRAY = /\uFDD0([0-9a-f]{12})([^\uFDD0\uFDD1]*)\uFDD1|[\uFDD0\uFDD1]/g;
const STRAY = /[\uFDD0\uFDD1]/g;
const PLACEHOLDER = /\uFDD0(\d+)\uFDD1/g;

/** The actor "slack:U0123ABCD", shown as a mention where the platform has one, else as "@name". */
export function mention(actorKey: string): string {
  return `${OPEN}${NONCE}${actorKey.replace(STRAY, '')}${CLOSE}`;
}

/** "@name" for an actor key: how mentions read in plain text. */
export const atName = (actorKey: string): string => `@${shortName(actorKey)}`;

/**
 * The text with each genuine mention replaced by a placeholder that markup escaping and formatting
 * leave alone (`\uFDD0<n>\uFDD1`), and `put` to replace the placeholders, once the text is
 * rendered, with `render(actorKey)`. Forged or stale markers become plain "@name" text first.
 */
export function takeMentions(s: string): { text: string; put: (rendered: string, render: (actorKey: string) => string) => string } {
  if (!s.includes(OPEN) && !s.includes(CLOSE)) return { text: s, put: (r) => r };
  const keys: string[] = [];
  const text = s.replace(MARKER_OR_STRAY, (_m, nonce: string | undefined, key: string | undefined) => {
    if (nonce === undefined) return ''; // a lone marker character: user text, dropped
    if (nonce !== NONCE) return atName(key!);
    keys.push(key!);
    return `${OPEN}${keys.length - 1}${CLOSE}`;
  });
  return { text, put: (rendered, render) => (keys.length ? rendered.replace(PLACEHOLDER, (_m, i: string) => render(keys[Number(i)]!)) : rendered) };
}

/** Mentions as plain "@name" text (plain-text surfaces, fallbacks, tables). */
export function plainMentions(s: string): string {
  const m = takeMentions(s);
  return m.put(m.text, atName);
}
