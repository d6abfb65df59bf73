// `steward` from a build in another directory than dist/ (bench/log-profile/run.mjs builds one, so
// the benchmark never replaces the checkout's dist/):  node bench/log-profile/compiled.mjs BUILD_DIR ARGS…
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...args] = process.argv.slice(2);
const { main } = await import(pathToFileURL(resolve(dir, 'main.js')).href);
process.exitCode = await main(args, process.env);
