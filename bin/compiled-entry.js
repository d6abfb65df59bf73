// Which code `steward` runs: the build in dist/ when it is current, else the TypeScript sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The folders the build compiles (scripts/build.js). */
export const SOURCE_DIRS = ['src', 'adapters'];
/** Written into the out dir when a build is complete; its time is when the build started. */
export const BUILD_STAMP = 'build.json';

/**
 * The URL of the built CLI under `root` (the package root) when dist/ holds a complete build
 * started after every source file last changed; else null (run the sources). Without sources (the
 * Docker image) a complete build is all there is.
 */
export function compiledEntry(root) {
  const built = mtime(join(root, 'dist', BUILD_STAMP));
  if (built === null || mtime(join(root, 'dist', 'main.js')) === null) return null;
  return SOURCE_DIRS.every((dir) => notNewer(join(root, dir), built)) ? pathToFileURL(join(root, 'dist', 'main.js')).href : null;
}

/** No .ts file under `dir` changed after `time`. */
function notNewer(dir, time) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return true; // no such folder
  }
  return entries.every((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return notNewer(path, time);
    return !e.name.endsWith('.ts') || mtime(path) <= time;
  });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}
