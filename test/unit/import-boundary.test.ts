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

/**
 * Why a package import reaches past the package's public API, or null: a subpath ("pkg/x") must be
 * one the package declares in its package.json "exports" (a file inside its dist can move or vanish
 * in any release); a package without "exports" is used by its name only.
 */
function notPublic(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const sub = spec.slice(name.length);
  if (!sub) return null;
  const exp = (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { exports?: unknown }).exports;
  const keys = exp && typeof exp === 'object' ? Object.keys(exp) : [];
  const declared = keys.some((k) => k === `.${sub}` || (k.includes('*') && new RegExp(`^${k.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.+')}$`).test(`.${sub}`)));
  return declared ? null : `${spec} is not among ${name}'s package exports`;
}

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

  it('src and adapters use packages only through their public entry points (nothing from inside a dist)', () => {
    const offenders: string[] = [];
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        const why = notPublic(spec);
        if (why) offenders.push(`${relative(root, f)}: ${why}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the public-entry check refuses a file inside Bolt\'s dist and accepts declared subpaths', () => {
    expect(notPublic('@slack/bolt/dist/receivers/HTTPModuleFunctions.js')).toBe("@slack/bolt/dist/receivers/HTTPModuleFunctions.js is not among @slack/bolt's package exports");
    expect(notPublic('@slack/bolt')).toBeNull();
    expect(notPublic('drizzle-orm/pg-core')).toBeNull();
    expect(notPublic('openai/resources/chat/completions')).toBeNull();
    expect(notPublic('openai/internal/utils/values.js')).not.toBeNull();
  });

  it('the boundary check itself catches an SDK import', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nconst x = await import('postgres');")).toEqual(['@slack/bolt', 'postgres']);
  });
});
