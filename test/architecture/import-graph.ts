import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One source file and what it imports: relative specifiers resolved to repo paths, packages as named. */
export interface SourceFile {
  /** repo-relative path, e.g. "src/deploy/request-deployment.ts" */
  readonly path: string;
  /** repo-relative paths of the local modules it imports (type imports and dynamic imports included) */
  readonly local: readonly string[];
  /** package names it imports ("zod", "node:fs", "@slack/bolt") */
  readonly packages: readonly string[];
}

/** Every import specifier: static (`import … from`, `export … from`, `import type`), bare `import '…'`, and dynamic `import('…')`. */
export function specifiersOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of source.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

export function readTree(root: string, dirs: readonly string[]): SourceFile[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  return dirs.flatMap((d) => files(join(root, d))).map((abs) => {
    const path = relative(root, abs);
    const local: string[] = [];
    const packages: string[] = [];
    for (const spec of specifiersOf(readFileSync(abs, 'utf8'))) {
      if (spec.startsWith('.')) local.push(normalize(join(dirname(path), spec)).replace(/\.js$/, '.ts'));
      else packages.push(packageOf(spec));
    }
    return { path, local, packages };
  });
}

/** The folder a file is in ("src/deploy/chat"): the unit of the layering rules and of the cycle check. */
export const folderOf = (path: string): string => dirname(path);

/** A cycle in the folder graph, as the folders in order ("a -> b -> a"), or null. */
export function folderCycle(files: readonly SourceFile[]): string[] | null {
  const edges = new Map<string, Set<string>>();
  for (const f of files) {
    const from = folderOf(f.path);
    for (const t of f.local) {
      const to = folderOf(t);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of [...(edges.get(n) ?? [])].sort()) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...edges.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}
