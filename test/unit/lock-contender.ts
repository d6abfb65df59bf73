/**
 * One process racing others for a data directory's lock (test/unit/data-dir-lock.test.ts): waits
 * for the go file, tries once, prints "won" or "refused", and holds a won lock until stdin ends.
 * argv: DIR GO_FILE
 */
import { existsSync } from 'node:fs';
import { DataDirInUse, lockDataDir } from '../../src/db/data-dir-lock.js';

const [dir, go] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 5));
try {
  const lock = lockDataDir(dir);
  process.stdout.write('won\n');
  process.stdin.resume();
  process.stdin.on('end', () => lock.release());
} catch (e) {
  process.stdout.write(e instanceof DataDirInUse ? 'refused\n' : `error ${String(e)}\n`);
  process.exit(0);
}
