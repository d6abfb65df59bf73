import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/temp-dir.js';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, compiledEntry } from '../../bin/compiled-entry.js';

// fixed instants: the build started at BUILT; sources changed before or after it
const BEFORE = new Date('2026-11-01T10:00:00.000Z');
const BUILT = new Date('2026-11-01T10:05:00.000Z');
const AFTER = new Date('2026-11-01T10:05:00.001Z');

let root: string;
beforeEach(() => {
  root = tempDir('entry');
});

function file(path: string, at: Date): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at, at);
}

/** a complete build started at `at` */
function build(at: Date): void {
  file('dist/main.js', at);
  file(`dist/${BUILD_STAMP}`, at);
}

const builtMain = () => pathToFileURL(join(root, 'dist/main.js')).href;

describe('which code `steward` runs (bin/compiled-entry.js)', () => {
  it('runs the build when it started after every source file last changed', () => {
    file('src/cli/main.ts', BEFORE);
    file('src/deploy/runner/deploy-runner.ts', BEFORE);
    file('adapters/slack/slack-ingress.ts', BUILT);
    build(BUILT);
    expect(compiledEntry(root)).toBe(builtMain());
  });

  it('runs the sources when a source file in a nested folder changed after the build started', () => {
    file('src/cli/main.ts', BEFORE);
    file('src/deploy/runner/deploy-runner.ts', AFTER);
    build(BUILT);
    expect(compiledEntry(root)).toBeNull();
  });

  it('runs the sources when an adapter changed after the build started', () => {
    file('src/cli/main.ts', BEFORE);
    file('adapters/discord/discord-render.ts', AFTER);
    build(BUILT);
    expect(compiledEntry(root)).toBeNull();
  });

  it('ignores files that are not TypeScript sources', () => {
    file('src/cli/main.ts', BEFORE);
    file('src/notes.md', AFTER);
    file('test/unit/x.test.ts', AFTER);
    build(BUILT);
    expect(compiledEntry(root)).toBe(builtMain());
  });

  it('runs the sources when the build is incomplete (no stamp, or no main.js)', () => {
    file('src/cli/main.ts', BEFORE);
    file('dist/main.js', BUILT);
    expect(compiledEntry(root)).toBeNull();
    rmSync(join(root, 'dist/main.js'));
    file(`dist/${BUILD_STAMP}`, BUILT);
    expect(compiledEntry(root)).toBeNull();
  });

  it('runs the sources when there is no build (a fresh clone)', () => {
    file('src/cli/main.ts', BEFORE);
    expect(compiledEntry(root)).toBeNull();
  });

  it('runs the build when there are no sources (the Docker image)', () => {
    build(BEFORE);
    expect(compiledEntry(root)).toBe(builtMain());
  });
});
