// Which code `steward` runs: the compiled build in dist/ when it is current, else the sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The folders `npm run build` compiles into dist/ (tsconfig.build.json). */
const SOURCES = ['src', 'adapters'];

/**
 * The URL of the compiled CLI under `root` (the package root) when dist/ holds a build of every
 * source file at least as new as the file; null when a source is newer or has no compiled file (run
 * the sources then). Without sources (the Docker image) the build is all there is.
 */
export function compiledEntry(root) {
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!exists(main)) return null;
  return SOURCES.every((dir) => builtFrom(root, dir)) ? pathToFileURL(main).href : null;
}

/** Every .ts file under `root/rel` has its .js under dist/, written after the .ts last changed. */
function builtFrom(root, rel) {
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return true; // no such source folder
  }
  return entries.every((e) => {
    const path = `${rel}/${e.name}`;
    if (e.isDirectory()) return builtFrom(root, path);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) return true;
    const js = mtime(join(root, 'dist', `${path.slice(0, -3)}.js`));
    return js !== null && js >= mtime(join(root, path));
  });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function exists(path) {
  return mtime(path) !== null;
}
