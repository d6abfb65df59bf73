/**
 * Steward side of bench/drift: loads the binary columns written by
 * gen-data.py and computes numericColumnDrift (KS D + p, W1, normed W1, PSI,
 * JS) for each of the 10 columns. Prints one JSON object.
 *
 *   npx tsx bench/drift/bench.ts [repeats]
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { numericColumnDrift } from '../../src/monitoring/domain/stats/index.js';

const data = fileURLToPath(new URL('./data/', import.meta.url));
const repeats = Number(process.argv[2] ?? 3);
const meta = JSON.parse(readFileSync(`${data}meta.json`, 'utf8')) as { rows: number; columns: string[] };
const { rows, columns } = meta;

function loadColumns(file: string): Float64Array[] {
  // Read straight into one aligned Float64Array, then zero-copy views per column.
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  if (size !== rows * columns.length * 8) throw new Error(`${file}: ${size} bytes, expected ${rows * columns.length * 8}`);
  const all = new Float64Array(size / 8);
  const bytes = new Uint8Array(all.buffer);
  for (let off = 0; off < size; ) {
    const got = readSync(fd, bytes, off, Math.min(size - off, 1 << 26), off);
    if (got === 0) throw new Error(`${file}: short read`);
    off += got;
  }
  closeSync(fd);
  return columns.map((_, i) => all.subarray(i * rows, (i + 1) * rows));
}

const t0 = performance.now();
const ref = loadColumns(`${data}reference.f64`);
const cur = loadColumns(`${data}current.f64`);
const loadMs = performance.now() - t0;

const computeMs: number[] = [];
let results: Record<string, unknown> = {};
for (let k = 0; k < repeats; k++) {
  const t = performance.now();
  const out: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    const f = numericColumnDrift(name, ref[i]!, cur[i]!, { test: 'wasserstein' });
    out[name] = {
      ksStatistic: f.ks?.statistic,
      ksPValue: f.ks?.pValue,
      wasserstein: f.wasserstein,
      wassersteinNormed: f.wassersteinNormed,
      psi: f.psi,
      jensenShannon: f.jensenShannon,
    };
  });
  computeMs.push(performance.now() - t);
  results = out;
}

console.log(
  JSON.stringify({
    impl: 'steward',
    node: process.version,
    rows,
    columns: columns.length,
    loadMs,
    computeMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    results,
  }),
);
