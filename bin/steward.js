#!/usr/bin/env node
// The `steward` command: runs the compiled build (dist/, `npm run build`) when it is current, else
// the TypeScript sources through tsx — so a fresh clone needs no build step.
import { fileURLToPath } from 'node:url';
import { compiledEntry } from './compiled-entry.js';

const built = compiledEntry(fileURLToPath(new URL('..', import.meta.url)));
const { main } = built ? await import(built) : await sources();
process.exitCode = await main(process.argv.slice(2), process.env);

async function sources() {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    console.error('steward: no current build in dist/ and tsx is not installed: run `npm run build`, or `npm install` to run the sources.');
    process.exit(4);
  }
  tsx.register();
  return import('../src/cli/main.ts');
}
