/** Inline markup (**bold**, `code`) -> plain text, or ANSI when colour is on. */
export function inline(s: string, color = false): string {
  if (!color) return s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
  return s.replace(/\*\*(.+?)\*\*/g, '\x1b[1m$1\x1b[22m').replace(/`([^`]+)`/g, '\x1b[36m$1\x1b[39m');
}
