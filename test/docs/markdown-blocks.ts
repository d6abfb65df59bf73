/** Fenced code blocks of a Markdown file, with the HTML comment right above each (its marker). */
export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the opening fence */
  readonly line: number;
  readonly lang: string;
  readonly body: string;
  /** the text of an `<!-- … -->` comment on the line just above the fence, if any */
  readonly marker: string | null;
}

export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
    const above = lines[i - 1]?.trim() ?? '';
    const m = /^<!--\s*(.*?)\s*-->$/.exec(above);
    out.push({ file, line: i + 1, lang: open[2]!, body: body.join('\n'), marker: m ? m[1]! : null });
    i = j;
  }
  return out;
}

/** Shell-like words of one command line: quotes group, backslash escapes in double quotes. */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** One logical command line of a sh block: continuations joined, a trailing `# comment` split off. */
export interface ShellLine {
  readonly text: string;
  readonly comment: string;
}

export function shellLines(body: string): ShellLine[] {
  const joined = body.replace(/\\\n\s*/g, ' ');
  const out: ShellLine[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // a comment starts at " #" outside quotes
    let q: string | null = null;
    let cut = line.length;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (q) {
        if (c === q) q = null;
      } else if (c === '"' || c === "'") q = c;
      else if (c === '#' && /\s/.test(line[i - 1] ?? '')) {
        cut = i;
        break;
      }
    }
    out.push({ text: line.slice(0, cut).trim(), comment: line.slice(cut + 1).trim() });
  }
  return out;
}

/**
 * Is `part` a part of `whole`? Mappings: every key of the part is in the whole with a matching
 * value. Lists of scalars must be equal (a list in an example means the whole list); lists of
 * mappings: each item of the part matches some item of the whole. Scalars: equal. Returns the
 * first path where they differ, or null.
 */
export function notAPartOf(part: unknown, whole: unknown, path = ''): string | null {
  if (Array.isArray(part)) {
    if (!Array.isArray(whole)) return `${path || '(root)'}: a list here, not in the complete file`;
    if (part.every((x) => x === null || typeof x !== 'object')) {
      return JSON.stringify(part) === JSON.stringify(whole) ? null : `${path}: ${JSON.stringify(part)} here, ${JSON.stringify(whole)} in the complete file`;
    }
    for (const [i, item] of part.entries()) {
      if (!whole.some((w) => notAPartOf(item, w, `${path}[${i}]`) === null)) return `${path}[${i}]: no matching item in the complete file`;
    }
    return null;
  }
  if (part !== null && typeof part === 'object') {
    if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return `${path || '(root)'}: a mapping here, not in the complete file`;
    for (const [k, v] of Object.entries(part)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in (whole as object))) return `${p}: not in the complete file`;
      const d = notAPartOf(v, (whole as Record<string, unknown>)[k], p);
      if (d) return d;
    }
    return null;
  }
  return part === whole ? null : `${path}: ${JSON.stringify(part)} here, ${JSON.stringify(whole)} in the complete file`;
}
