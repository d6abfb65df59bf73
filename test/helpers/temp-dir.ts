import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/**
 * A new empty directory, `<temp>/steward-<label>-XXXXXX`, removed with everything in it after the
 * test file that uses it. Import this module statically: its afterAll is registered when the file is
 * collected, before the file's own hooks, so it runs after them (vitest runs after-hooks in reverse),
 * once they have stopped the processes that write there.
 */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `steward-${label}-`));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});
