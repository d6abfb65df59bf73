// `steward log-profile` on a big Parquet file: peak RSS and time of the real command (the whole
// `steward` process, measured by /usr/bin/time), over HTTP to a running `steward start` and
// straight into the database, and what reached Steward (bytes, hours, the drift report's row count).
// See bench/README.md ("Profiles from where the data lives").
//
//   node bench/log-profile/run.mjs        # ROWS=10000000 GROUP=1048576 (rows per row group)
//                                         # VARIANTS=compiled,sources OFFSET_INDEX=0 (no page index)
//
// Variants: `compiled` — the build as the image runs it (scripts/build.js into
// bench/log-profile/out/build, run by compiled.mjs; the checkout's dist/ is left alone); `sources`
// — bin/steward.js on the TypeScript sources through tsx (what a checkout without a build runs).
// The data is generated once into bench/log-profile/data/ (gitignored); the Steward under test runs
// on a fresh embedded database (PGlite) in a temporary directory per variant.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceCsv, writePredictions } from './generate.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const ROWS = Number(process.env.ROWS ?? 10_000_000);
const GROUP = Number(process.env.GROUP ?? 1_048_576);
const VARIANTS = (process.env.VARIANTS ?? 'compiled,sources').split(',');
/** OFFSET_INDEX=0: a file without page indexes (pyarrow's default), so a row group is read whole */
const OFFSET_INDEX = process.env.OFFSET_INDEX !== '0';
const dataDir = join(here, 'data');
const outDir = join(here, 'out');
mkdirSync(dataDir, { recursive: true });
mkdirSync(outDir, { recursive: true });

const file = join(dataDir, `predictions-${ROWS}-${GROUP}${OFFSET_INDEX ? '' : '-noindex'}.parquet`);
const reference = join(dataDir, 'reference.csv');
if (!existsSync(file)) {
  const t0 = performance.now();
  await writePredictions(ROWS, file, GROUP, { offsetIndex: OFFSET_INDEX });
  console.error(`generated ${file} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
if (!existsSync(reference)) writeFileSync(reference, referenceCsv(20_000));

const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', STEWARD_USER: 'bench', LOG_LEVEL: 'warn' };

/** A process to its end: stdout, stderr, and with `measure` its peak RSS (KiB) and wall time from /usr/bin/time. */
function run(args, env = {}, measure = false) {
  const cmd = measure ? '/usr/bin/time' : process.execPath;
  const argv = measure ? ['-f', 'STEWARD_BENCH %M %e', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { cwd: root, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.once('error', reject);
    p.once('exit', (code) => {
      const m = /STEWARD_BENCH (\d+) ([\d.]+)/.exec(stderr);
      const out = { stdout: stdout.trim(), stderr: stderr.replace(/STEWARD_BENCH.*\n?/, '').trim(), ...(m ? { peakRssMiB: Math.round(Number(m[1]) / 1024), seconds: Number(m[2]) } : {}) };
      if (code === 0) resolve(out);
      else reject(new Error(`${args.join(' ')} exited ${code}:\n${out.stdout}\n${out.stderr}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}
const healthy = (port) =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.end();
  });

async function startServer(entry, dataDir) {
  const port = await freePort();
  const p = spawn(process.execPath, [...entry, 'start'], { cwd: root, env: { ...baseEnv, STEWARD_DATA_DIR: dataDir, STEWARD_HTTP_PORT: String(port), STEWARD_HTTP_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  p.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  p.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const t0 = Date.now();
  while (!(await healthy(port))) {
    if (p.exitCode !== null || Date.now() - t0 > 120_000) throw new Error(`steward start is not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    },
  };
}

const parse = (line) => {
  const m = /^Profiled (\d+) rows of \S+ into (\d+) hourly profiles? .*?; (?:sent|wrote) (\d+) bytes/.exec(line);
  if (!m) throw new Error(`unexpected output: ${line}`);
  return { rows: Number(m[1]), hours: Number(m[2]), bytes: Number(m[3]) };
};

/** One variant on a fresh data directory: set up, log-profile over HTTP, then into the database, then the report. */
async function measure(variant) {
  const home = mkdtempSync(join(tmpdir(), 'steward-bench-log-profile-'));
  const dataDir = join(home, 'data');
  const entry = variant === 'compiled' ? [join(here, 'compiled.mjs'), build] : [join(root, 'bin/steward.js')];
  const steward = (args, env = {}, m = false) => run([...entry, ...args], { STEWARD_DATA_DIR: dataDir, ...env }, m);
  try {
    await steward(['register', 'bench-model', 's3://bench/model.pkl']);
    await steward(['reference', 'upload', 'bench-model', '1', reference]);
    const token = (await steward(['token', 'create', 'bench', '--role', 'pipeline'])).stdout.split('\n').pop();
    const args = ['log-profile', file, '--model', 'bench-model', '--version', '1', '--sensitive', 'sex'];
    const idle = await steward(['--help'], {}, true);
    const server = await startServer(entry, dataDir);
    let http;
    try {
      http = await steward([...args, '--env', 'staging'], { STEWARD_URL: server.url, STEWARD_TOKEN: token }, true);
    } finally {
      await server.stop();
    }
    const db = await steward([...args, '--env', 'production'], {}, true);
    const versions = await steward(['versions', 'bench-model'], {}, true);
    const drift = JSON.parse((await steward(['drift', 'bench-model', 'staging', '--window', '366d', '--format', 'json'])).stdout);
    const result = {
      http: { ...parse(http.stdout), peakRssMiB: http.peakRssMiB, seconds: http.seconds, line: http.stdout },
      database: { ...parse(db.stdout), peakRssMiB: db.peakRssMiB, seconds: db.seconds, line: db.stdout },
      // for scale: the same `steward` doing nothing (--help), and a command that only opens the embedded database
      helpPeakRssMiB: idle.peakRssMiB,
      versionsPeakRssMiB: versions.peakRssMiB,
      driftCurrentRows: drift.currentRows,
    };
    if (result.http.rows !== ROWS || result.database.rows !== ROWS || drift.currentRows !== ROWS) throw new Error(`${variant}: rows profiled or reported differ from the rows in the file: ${JSON.stringify(result)}`);
    return result;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const build = join(outDir, 'build');
if (VARIANTS.includes('compiled')) await run([join(root, 'scripts/build.js'), '--outdir', build]);
const results = {};
for (const variant of VARIANTS) results[variant] = await measure(variant);
const summary = { rows: ROWS, rowsPerGroup: GROUP, offsetIndex: OFFSET_INDEX, fileMiB: Math.round(statSync(file).size / 2 ** 20), node: process.version, ...results };
writeFileSync(join(outDir, `result-${ROWS}-${GROUP}${OFFSET_INDEX ? '' : '-noindex'}.json`), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
