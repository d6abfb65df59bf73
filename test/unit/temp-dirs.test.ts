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

/**
 * The places that may call mkdtemp: the helper itself, the run's own directory in the global setup,
 * and a throwaway PostgreSQL cluster's directory (the postgres user must be able to enter it, which
 * the run's own directory forbids; ThrowawayPostgres.destroy() removes it).
 */
const MAKERS = ['test/helpers/temp-dir.ts', 'test/helpers/global-setup.ts', 'test/helpers/throwaway-postgres.ts'];

describe('temporary directories made by tests', () => {
  it('come only from tempDir() (test/helpers/temp-dir.ts), which removes them after the test file', () => {
    const offenders = files(join(root, 'test'))
      .map((f) => relative(root, f))
      .filter((f) => !MAKERS.includes(f) && f !== relative(root, import.meta.filename))
      .filter((f) => /\bmkdtemp(Sync)?\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
