import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Steward's installation directory (the one holding package.json, assets/ and migrations/), found
 * by walking up from this file — the same from the TypeScript sources and from a compiled build.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('Steward cannot find its package.json above src/config');
    dir = up;
  }
  return dir;
})();
