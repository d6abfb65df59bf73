import { stripTerminalControls } from '../../core/text-safety.js';
import { plainMentions } from './mention.js';

/** Text for a terminal: what it would act on (escape sequences, control characters) removed, mentions as "@name". */
export const safe = (s: string): string => stripTerminalControls(plainMentions(s));

/** Inline markup (**bold**, `code`) -> plain text, or ANSI when colour is on; the text itself cannot control the terminal. */
export function inline(s: string, color = false): string {
  const t = safe(s);
  if (!color) return t.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
  return t.replace(/\*\*(.+?)\*\*/g, '\x1b[1m$1\x1b[22m').replace(/`([^`]+)`/g, '\x1b[36m$1\x1b[39m');
}
