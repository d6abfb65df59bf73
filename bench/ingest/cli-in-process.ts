// The in-process part of `steward log-predictions FILE`: the command's own function (open the
// database, read, validate and insert the file, close), timed alone, its modules loaded first.
// Run by bench/ingest/run.mjs:  node --import tsx bench/ingest/cli-in-process.ts FILE MODEL
import { logPredictionsCommand } from '../../src/cli/ingest-commands.js';

const [file, model] = process.argv.slice(2) as [string, string];
const out: string[] = [];
const err: string[] = [];
const t0 = performance.now();
const code = await logPredictionsCommand({ out: (s) => out.push(s), err: (s) => err.push(s) }, process.env, file, { model, version: '1', env: 'production' });
const ms = performance.now() - t0;
if (code !== 0) {
  console.error(err.join('\n'));
  process.exit(code);
}
console.log(JSON.stringify({ ms, stdout: out.join('\n') }));
