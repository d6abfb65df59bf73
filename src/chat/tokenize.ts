import { err, ok, type Result } from '../core/result.js';

/**
 * Shell-like split: whitespace separates, "double" or 'single' quotes group (chat clients'
 * “smart quotes” count as quotes), backslash escapes inside double quotes.
 */
export function tokenize(input: string): Result<string[]> {
  const s = input.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === '\\')) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quote) return err('bad_input', `a ${quote === '"' ? 'double' : 'single'} quote is not closed; close it or remove it`);
  if (inToken) out.push(cur);
  return ok(out);
}
