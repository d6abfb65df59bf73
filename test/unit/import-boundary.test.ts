import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const importsOf = (src: string) => [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('architecture', () => {
  it('src/core imports no adapter, SDK, ORM, driver or Node I/O module — only itself and zod', () => {
    const offenders: string[] = [];
    for (const f of files(join(root, 'src/core'))) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        const relOk = spec.startsWith('.') && relative(join(root, 'src/core'), join(f, '..', spec)).split('/')[0] !== '..';
        if (!relOk && spec !== 'zod') offenders.push(`${relative(root, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only src/config reads process.env', () => {
    const offenders = [...files(join(root, 'src')), ...files(join(root, 'adapters'))]
      .filter((f) => !f.includes('/src/config/'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the boundary check itself catches an SDK import', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nconst x = await import('postgres');")).toEqual(['@slack/bolt', 'postgres']);
  });
});
