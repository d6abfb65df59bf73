import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const dir = join(import.meta.dirname, '../fixtures/golden');

/** Compare with test/fixtures/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff in git). */
export function expectGolden(name: string, actual: string): void {
  const p = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, actual);
    return;
  }
  if (!existsSync(p)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(p, 'utf8'));
}
