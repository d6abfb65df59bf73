import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specifiersOf } from './import-graph.js';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

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

describe('packages are used through their public entry points', () => {
  it('src and adapters import no file from inside a package (nothing from a dist)', () => {
    const offenders: string[] = [];
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      for (const spec of specifiersOf(readFileSync(f, 'utf8'))) {
        const why = notPublic(spec);
        if (why) offenders.push(`${relative(root, f)}: ${why}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the check refuses a file inside Bolt's dist and accepts declared subpaths", () => {
    expect(notPublic('@slack/bolt/dist/receivers/HTTPModuleFunctions.js')).toBe("@slack/bolt/dist/receivers/HTTPModuleFunctions.js is not among @slack/bolt's package exports");
    expect(notPublic('@slack/bolt')).toBeNull();
    expect(notPublic('drizzle-orm/pg-core')).toBeNull();
    expect(notPublic('openai/resources/chat/completions')).toBeNull();
    expect(notPublic('openai/internal/utils/values.js')).not.toBeNull();
  });
});
