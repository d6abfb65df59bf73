// Startup benchmark: time to ready and peak RSS of `steward start` on embedded PGlite (compiled
// build and TypeScript sources through tsx) against PGlite alone opening the same directory, on a
// fresh and on a reopened data directory, all in one run. See bench/README.md.
//
//   npm run build && node bench/startup/run.mjs      # RUNS=5 SETTLE_MS=2000 VARIANTS=compiled,tsx,pglite
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../../bin/compiled-entry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 2000);
const ALL = {
  compiled: { label: 'steward (compiled)', argv: [join(root, 'bin/steward.js'), 'start'] },
  tsx: { label: 'steward (tsx)', argv: [join(root, 'bench/startup/steward-sources.mjs'), 'start'] },
  pglite: { label: 'PGlite alone', argv: [join(root, 'bench/startup/pglite-alone.mjs')] },
};
const variants = (process.env.VARIANTS ?? 'compiled,tsx,pglite').split(',');
for (const v of variants) if (!(v in ALL)) throw new Error(`unknown variant ${v}; use ${Object.keys(ALL).join(',')}`);
if (variants.includes('compiled') && !compiledEntry(root)) {
  console.error('bench/startup: dist/ holds no current build: run `npm run build` first.');
  process.exit(2);
}
const dataRoot = join(root, 'bench/startup/data');
const outDir = join(root, 'bench/startup/out');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** true when GET /healthz answers 200 */
function healthy(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

/** VmHWM (peak resident set) of a live process, in MB */
function peakRssMb(pid) {
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return kb / 1024;
}

/** One process: spawn, poll /healthz every 10 ms until 200, settle, read VmHWM, SIGTERM. */
async function once(variant, dataDir) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', STEWARD_DATA_DIR: dataDir, STEWARD_HTTP_PORT: String(port), STEWARD_HTTP_HOST: '127.0.0.1' };
  const t0 = performance.now();
  const child = spawn(process.execPath, ALL[variant].argv, { cwd: dataRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => (output = (output + String(d)).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let readyMs = null;
  while (readyMs === null) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${variant} exited before ready (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (await healthy(port)) readyMs = performance.now() - t0;
    else await sleep(10);
    if (performance.now() - t0 > 120_000) throw new Error(`${variant} not ready after 120 s:\n${output}`);
  }
  await sleep(SETTLE_MS);
  const rss = peakRssMb(child.pid);
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const end = await exited;
  clearTimeout(kill);
  if (end.code !== 0) console.error(`  (${variant} exited ${end.code ?? end.signal} after SIGTERM)`);
  return { readyMs, peakRssMb: rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

rmSync(dataRoot, { recursive: true, force: true });
mkdirSync(dataRoot, { recursive: true });
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgStart: loadavg().map((x) => +x.toFixed(2)) };
console.log(`bench/startup: ${RUNS} runs each of ${variants.join(', ')}, fresh and reopened; settle ${SETTLE_MS} ms; ${machine.cores} × ${machine.cpu}, Node ${machine.node}, load ${machine.loadavgStart.join(' ')}`);

// the reopened directory: initialised and migrated by Steward once; every variant reopens it in turn
const reopened = join(dataRoot, 'reopened');
const preparer = variants.includes('compiled') ? 'compiled' : variants.includes('tsx') ? 'tsx' : 'pglite';
await once(preparer, reopened);
// one uncounted warm-up of each variant (file cache), on the reopened directory
for (const v of variants) await once(v, reopened);

const results = Object.fromEntries(variants.map((v) => [v, { fresh: [], reopened: [] }]));
for (let i = 0; i < RUNS; i++) {
  // rotate the order each round, so drifting load on a shared machine touches every variant alike
  const order = variants.map((_, k) => variants[(k + i) % variants.length]);
  for (const v of order) {
    const fresh = join(dataRoot, `fresh-${v}-${i}`);
    results[v].fresh.push(await once(v, fresh));
    rmSync(fresh, { recursive: true, force: true });
    results[v].reopened.push(await once(v, reopened));
    const last = (s) => `${Math.round(results[v][s].at(-1).readyMs)} ms / ${Math.round(results[v][s].at(-1).peakRssMb)} MB`;
    console.log(`  round ${i + 1} ${ALL[v].label}: fresh ${last('fresh')}, reopened ${last('reopened')}`);
  }
}
machine.loadavgEnd = loadavg().map((x) => +x.toFixed(2));

const summary = {};
const rows = ['| program | directory | time to ready, median (min–max) | peak RSS, median (min–max) |', '|---|---|---|---|'];
for (const v of variants) {
  for (const state of ['fresh', 'reopened']) {
    const rs = results[v][state];
    const t = rs.map((r) => r.readyMs);
    const m = rs.map((r) => r.peakRssMb);
    summary[`${v}/${state}`] = { readyMs: median(t), peakRssMb: median(m) };
    rows.push(`| ${ALL[v].label} | ${state} | ${(median(t) / 1000).toFixed(2)} s (${(Math.min(...t) / 1000).toFixed(2)}–${(Math.max(...t) / 1000).toFixed(2)}) | ${Math.round(median(m))} MB (${Math.round(Math.min(...m))}–${Math.round(Math.max(...m))}) |`);
  }
}
console.log(`\n${rows.join('\n')}\n`);
if (variants.includes('pglite')) {
  for (const v of variants.filter((x) => x !== 'pglite')) {
    for (const state of ['fresh', 'reopened']) {
      const s = summary[`${v}/${state}`];
      const b = summary[`pglite/${state}`];
      const dt = s.readyMs - b.readyMs;
      const dm = s.peakRssMb - b.peakRssMb;
      // the same difference taken within each round (the two ran a few seconds apart), then the median
      const paired = median(results[v][state].map((r, i) => r.readyMs - results.pglite[state][i].readyMs));
      s.vsPglite = { readyMs: dt, peakRssMb: dm, pairedReadyMs: paired };
      const sign = (x) => (x >= 0 ? '+' : '');
      console.log(`${ALL[v].label}, ${state}: ready ${sign(dt)}${(dt / 1000).toFixed(2)} s (target ≤ +1 s: ${dt <= 1000 ? 'met' : 'NOT met'}; per round ${sign(paired)}${(paired / 1000).toFixed(2)} s), peak RSS ${sign(dm)}${Math.round(dm)} MB (target ≤ +150 MB: ${dm <= 150 ? 'met' : 'NOT met'}) against PGlite alone`);
    }
  }
}
console.log(`load average at the end: ${machine.loadavgEnd.join(' ')}`);
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, runs: RUNS, settleMs: SETTLE_MS, summary, results }, null, 2));
console.log(`all runs: ${file}`);
rmSync(dataRoot, { recursive: true, force: true });
