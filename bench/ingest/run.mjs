// Prediction ingestion benchmark, on PostgreSQL, all in one run on the same rows:
//   api   — a real `steward start` on loopback: POST /api/v1/predictions, 20 requests × 10,000 rows
//   cli   — the real `steward log-predictions FILE` on a JSON Lines file of the 200,000 rows (the
//           whole process), and the same command through main() in a process of its own, timing
//           only the call (cli-in-process.ts)
//   copy  — `psql -c "\copy …"` of the same rows into a table with prediction_logs' columns and
//           indexes (no foreign keys): the baseline of the ratios
//   copy-fk — the same `\copy` into prediction_logs itself (its two foreign keys checked per row)
//   METHOD+nodelay — METHOD's Steward processes with tcp-nodelay.mjs preloaded (TCP_NODELAY on the
//           database connections; postgres.js leaves Nagle's algorithm on)
// Each round empties the tables, checkpoints, and runs every method (the order rotated per round).
// See bench/README.md ("Prediction ingestion").
//
//   node bench/ingest/run.mjs        # ROUNDS=3 ROWS=200000 BATCH=10000
//                                    # METHODS=copy,copy-fk,api,api+nodelay,cli,cli+nodelay,cli-in-process,cli-in-process+nodelay
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (the default) is where the
//   benchmark's own database, steward_bench_ingest, is created and dropped.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { compiledEntry } from '../../bin/compiled-entry.js';
import { jsonl, predictions } from './generate.mjs';
import { copyText } from './copy-text.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ROWS = Number(process.env.ROWS ?? 200_000);
const BATCH = Number(process.env.BATCH ?? 10_000);
const METHODS = (process.env.METHODS ?? 'copy,copy-fk,api,api+nodelay,cli,cli+nodelay,cli-in-process,cli-in-process+nodelay').split(',');
if (!METHODS.includes('copy')) throw new Error('METHODS must include copy (the baseline)');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'steward_bench_ingest';
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const dataDir = join(here, 'data');
const outDir = join(here, 'out');
const COLUMNS = 'model_id, version_id, environment, prediction_id, at, features, prediction, label, labeled_at, sensitive, logged_by, logged_at';

/** Run a process to its end; resolves with its output and wall time, rejects on a non-zero exit. */
function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.once('error', reject);
    p.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ stdout, stderr, ms });
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

// Node flags of the Steward processes: TCP_NODELAY preloaded for the +nodelay methods; with
// PROFILE=1 each one also writes a CPU profile into bench/ingest/out/; NODE_FLAGS adds more
// (e.g. NODE_FLAGS=--max-semi-space-size=32).
const PROFILE = process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(here, 'out')}`] : [];
const PLAIN = [...(process.env.NODE_FLAGS ?? '').split(' ').filter(Boolean), ...PROFILE];
const NODELAY = ['--import', join(here, 'tcp-nodelay.mjs'), ...PLAIN];
const steward = (args, flags = PLAIN) => run(process.execPath, [...flags, join(root, 'bin/steward.js'), ...args], { DATABASE_URL: dbUrl, STEWARD_USER: 'bench', LOG_LEVEL: 'warn' });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** One HTTP request on loopback; resolves with the status and the parsed JSON answer. */
function post(port, path, body, token) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null });
        } catch {
          resolve({ status: res.statusCode, body: text });
        }
      });
    });
    req.once('error', reject);
    req.end(body);
  });
}

function get(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('error', () => resolve(0));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

/** `steward start` with its HTTP API on a free loopback port; resolves once /healthz answers 200. */
async function startServer(flags) {
  const port = await freePort();
  const p = spawn(process.execPath, [...flags, join(root, 'bin/steward.js'), 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', DATABASE_URL: dbUrl, STEWARD_HTTP_PORT: String(port), STEWARD_HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  p.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  p.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const t0 = Date.now();
  while ((await get(port, '/healthz')) !== 200) {
    if (p.exitCode !== null || Date.now() - t0 > 120_000) throw new Error(`steward start is not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    async stop() {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// --- data ---------------------------------------------------------------------------------------
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgStart: loadavg().map((x) => +x.toFixed(2)) };
console.log(`bench/ingest: ${ROWS} rows, ${ROUNDS} rounds of ${METHODS.join(', ')}; ${machine.cores} × ${machine.cpu}, Node ${machine.node}, load ${machine.loadavgStart.join(' ')}`);
console.log(`steward runs ${compiledEntry(root) ? 'the compiled build (dist/)' : 'the TypeScript sources through tsx (no current build: `npm run build` first for the compiled one)'}`);
mkdirSync(dataDir, { recursive: true });
const rows = predictions(ROWS);
const jsonlFile = join(dataDir, `predictions-${ROWS}.jsonl`);
writeFileSync(jsonlFile, jsonl(rows));
const bodies = [];
for (let i = 0; i < ROWS; i += BATCH) bodies.push(JSON.stringify({ model: 'bench-api', version: 1, environment: 'production', predictions: rows.slice(i, i + BATCH) }));

// --- database -----------------------------------------------------------------------------------
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${DB} with (force)`);
await admin.unsafe(`create database ${DB}`);
const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
const servers = {};
const results = Object.fromEntries(METHODS.map((m) => [m, []]));
try {
  await steward(['migrate'], []);
  await steward(['register', 'bench-api', 's3://bench/api.pkl', '--new-model'], []);
  await steward(['register', 'bench-cli', 's3://bench/cli.pkl', '--new-model'], []);
  const token = (await steward(['token', 'create', 'bench', '--role', 'admin'], [])).stdout.trim();
  const models = Object.fromEntries((await sql`select id, name from models`).map((m) => [m.name, m.id]));
  const versions = Object.fromEntries((await sql`select model_id, id from model_versions`).map((v) => [v.model_id, v.id]));
  await sql.unsafe('create table copy_baseline (like prediction_logs including all)');
  const tsvFile = join(dataDir, `copy-${ROWS}.tsv`);
  writeFileSync(tsvFile, copyText(rows, { modelId: models['bench-api'], versionId: versions[models['bench-api']], environment: 'production', loggedBy: 'psql', loggedAt: new Date() }));
  // both run for the whole benchmark; the idle one only polls its background jobs
  if (METHODS.includes('api')) servers.api = await startServer(PLAIN);
  if (METHODS.includes('api+nodelay')) servers['api+nodelay'] = await startServer(NODELAY);

  const psqlCopy = async (table) => {
    const r = await run('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${table} (${COLUMNS}) from '${tsvFile}'`]);
    if (!r.stdout.includes(`COPY ${ROWS}`)) throw new Error(`psql: ${r.stdout}${r.stderr}`);
    return { ms: r.ms };
  };
  const api = async (server) => {
    const t0 = performance.now();
    let logged = 0;
    for (const body of bodies) {
      const r = await post(server.port, '/api/v1/predictions', body, token);
      if (r.status !== 200) throw new Error(`POST /api/v1/predictions: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
      logged += r.body.logged;
    }
    const ms = performance.now() - t0;
    if (logged !== ROWS) throw new Error(`the API logged ${logged} rows, not ${ROWS}`);
    return { ms };
  };
  const cli = async (flags) => {
    const r = await steward(['log-predictions', jsonlFile, '--model', 'bench-cli', '--version', '1', '--env', 'production'], flags);
    if (!r.stdout.startsWith(`Logged ${ROWS} predictions`)) throw new Error(`steward log-predictions: ${r.stdout}${r.stderr}`);
    return { ms: r.ms };
  };
  const cliInProcess = async (flags) => {
    const r = await run(process.execPath, [...flags, '--import', 'tsx', join(here, 'cli-in-process.ts'), jsonlFile, 'bench-cli'], { DATABASE_URL: dbUrl, STEWARD_USER: 'bench', LOG_LEVEL: 'warn' });
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    if (!out.stdout.startsWith(`Logged ${ROWS} predictions`)) throw new Error(`cli-in-process: ${r.stdout}${r.stderr}`);
    return { ms: out.ms, processMs: r.ms };
  };
  const methods = {
    copy: () => psqlCopy('copy_baseline'),
    'copy-fk': () => psqlCopy('prediction_logs'),
    api: () => api(servers.api),
    'api+nodelay': () => api(servers['api+nodelay']),
    cli: () => cli(PLAIN),
    'cli+nodelay': () => cli(NODELAY),
    'cli-in-process': () => cliInProcess(PLAIN),
    'cli-in-process+nodelay': () => cliInProcess(NODELAY),
  };

  for (let round = 0; round < ROUNDS; round++) {
    const order = METHODS.map((_, k) => METHODS[(k + round) % METHODS.length]);
    for (const m of order) {
      await sql`truncate prediction_logs, copy_baseline`;
      await sql`checkpoint`;
      const r = await methods[m]();
      const [{ n }] = await sql.unsafe(`select count(*)::int as n from ${m === 'copy' ? 'copy_baseline' : 'prediction_logs'}`);
      if (n !== ROWS) throw new Error(`${m}: ${n} rows stored, not ${ROWS}`);
      results[m].push(r);
      console.log(`  round ${round + 1} ${m}: ${(r.ms / 1000).toFixed(2)} s, ${Math.round(ROWS / (r.ms / 1000))} rows/s${r.processMs ? ` (process ${(r.processMs / 1000).toFixed(2)} s)` : ''}`);
    }
  }
} finally {
  for (const server of Object.values(servers)) await server.stop();
  await sql.end();
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.end();
  agent.destroy();
}
machine.loadavgEnd = loadavg().map((x) => +x.toFixed(2));

// --- report -------------------------------------------------------------------------------------
const BASE = {
  copy: 'psql `\\copy`, same columns and indexes (baseline)',
  'copy-fk': 'psql `\\copy` into prediction_logs itself',
  api: `HTTP API, ${Math.ceil(ROWS / BATCH)} × ${BATCH} rows`,
  cli: '`steward log-predictions` (whole process)',
  'cli-in-process': '`steward log-predictions` (in-process part)',
};
const LABEL = Object.fromEntries(METHODS.map((m) => [m, m.endsWith('+nodelay') ? `${BASE[m.replace('+nodelay', '')]} + TCP_NODELAY` : BASE[m]]));
const summary = {};
const table = ['| method | time, median (min–max) | rows/s (median) | ratio to `\\copy` (per round, median) |', '|---|---|---|---|'];
for (const m of METHODS) {
  const ms = results[m].map((r) => r.ms);
  const ratio = results.copy ? median(results[m].map((r, i) => results.copy[i].ms / r.ms)) : null;
  summary[m] = { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), rowsPerSecond: ROWS / (median(ms) / 1000), ratioToCopy: ratio };
  table.push(`| ${LABEL[m]} | ${(median(ms) / 1000).toFixed(2)} s (${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)}) | ${Math.round(ROWS / (median(ms) / 1000)).toLocaleString('en-US')} | ${ratio === null ? '–' : ratio.toFixed(2)} |`);
}
console.log(`\n${table.join('\n')}\n`);
console.log(`load average at the end: ${machine.loadavgEnd.join(' ')}`);
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, rows: ROWS, batch: BATCH, rounds: ROUNDS, compiled: !!compiledEntry(root), summary, results }, null, 2));
console.log(`all runs: ${file}`);
