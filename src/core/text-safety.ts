/**
 * Text that crosses a trust boundary: what PostgreSQL cannot store (refuse it as bad input, never
 * let the database fail on it), and what a terminal would interpret (strip it before printing).
 */

/**
 * The first character PostgreSQL cannot store in text or jsonb — NUL (U+0000), or half of a UTF-16
 * surrogate pair with no other half — described for a one-line message ("a NUL character (U+0000)
 * at position 12"), or null when the string is storable.
 */
export function unstorableChar(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return `a NUL character (U+0000) at position ${i + 1}`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `an unpaired surrogate (U+${c.toString(16).toUpperCase()}) at position ${i + 1}`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `an unpaired surrogate (U+${c.toString(16).toUpperCase()}) at position ${i + 1}`;
  }
  return null;
}

/** True when `unstorableChar` finds nothing (fast path: most text is plain). */
export const isStorable = (s: string): boolean => unstorableChar(s) === null;

/**
 * Removes what a terminal would act on: ANSI/VT escape sequences (CSI `ESC [ … final`, OSC
 * `ESC ] … BEL|ESC \`, other `ESC x`), C0 controls except tab and newline, DEL and C1 controls.
 * Printable text (any script, emoji) is kept as it is.
 */
export function stripTerminalControls(s: string): string {
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s)) return s;
  return s
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '') // OSC … BEL or ST
    .replace(/\u009d[^\u0007\u009c]*(?:\u0007|\u009c)?/g, '') // 8-bit OSC
    .replace(/(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g, '') // CSI
    .replace(/\u001b[PX^_][^\u001b]*(?:\u001b\\)?/g, '') // DCS, SOS, PM, APC
    .replace(/\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g, '') // other escapes
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
