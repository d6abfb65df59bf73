import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommandRegistry } from '../../../src/app/all-commands.js';
import { OTHER_PERMISSIONS, VERB_PERMISSIONS } from '../../../src/governance/domain/permissions.js';

const root = join(import.meta.dirname, '../../..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('the permissions steward.yaml grants are the ones the code checks', () => {
  it('every verb of the registry is known to the config, with the permission that allows it (and no stale entry)', () => {
    const specs = buildCommandRegistry().list();
    expect(Object.fromEntries(specs.map((s) => [s.name, s.permission ?? s.name]))).toEqual(VERB_PERMISSIONS);
  });

  it('every permission checked outside the verbs is in OTHER_PERMISSIONS', () => {
    const checked = new Set<string>();
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:checkPermission\(\s*\w+,\s*\w+,|\bcan\(\s*[\w.]+,)\s*'([a-z-]+)'/g)) checked.add(m[1]!);
    }
    const outside = [...checked].filter((p) => !Object.values(VERB_PERMISSIONS).includes(p)).sort();
    expect(outside).toEqual([...OTHER_PERMISSIONS].sort());
  });
});
