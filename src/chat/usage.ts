import { type CommandSpec, isLiteral, type SyntaxItem } from './command-spec.js';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function itemUsage(items: readonly SyntaxItem[]): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (isLiteral(it)) {
      const next = items[i + 1];
      if (it.optional && next && !isLiteral(next)) {
        parts.push(`[${it.literal} <${next.label ?? kebab(next.name)}>]`);
        i++;
      } else parts.push(it.literal);
    } else {
      const n = `<${it.label ?? kebab(it.name)}${it.rest ? '…' : ''}>`;
      parts.push(it.optional ? `[${n}]` : n);
    }
  }
  return parts.join(' ');
}

/** "register <model> <artifact-uri> [--sha256 HEX] [--metric NAME=VALUE]…" */
export function usageLine(spec: CommandSpec<unknown>, prefix: string, withFlags = true): string {
  const flags = withFlags
    ? (spec.flags ?? []).map((f) => `[--${kebab(f.name)}${f.value ? ` ${f.value}` : ''}]${f.repeat ? '…' : ''}`)
    : [];
  return [prefix, spec.name, itemUsage(spec.syntax), ...flags].filter(Boolean).join(' ');
}

export { kebab };
