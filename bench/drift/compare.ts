/**
 * Summarizes bench/drift/out/*.json (written by run.sh): load and compute
 * times, the steward/scipy ratio, peak RSS, and the largest relative
 * difference between Steward's values and each baseline's.
 *
 *   npx tsx bench/drift/compare.ts out/steward.json out/scipy.json [out/numpy.json …]
 */
import { readFileSync } from 'node:fs';

interface Run {
  impl: string;
  rows: number;
  columns: number;
  loadMs: number;
  computeMs: number[];
  maxRssMb: number;
  results: Record<string, Record<string, number>>;
}

const [stewardFile, ...baselineFiles] = process.argv.slice(2);
if (!stewardFile || baselineFiles.length === 0) {
  console.error('usage: compare.ts steward.json baseline.json [baseline.json …]');
  process.exit(2);
}
const read = (f: string): Run => JSON.parse(readFileSync(f, 'utf8')) as Run;
const steward = read(stewardFile);
const baselines = baselineFiles.map(read);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;

const P_VALUES = new Set(['ksPValue']);
function maxRelDiff(a: Run, b: Run): { stat: number; p: number; where: string } {
  let stat = 0;
  let p = 0;
  let where = '';
  for (const [col, values] of Object.entries(a.results)) {
    for (const [key, x] of Object.entries(values)) {
      const y = b.results[col]?.[key];
      if (y === undefined) throw new Error(`${b.impl} has no ${col}.${key}`);
      const rel = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE);
      if (P_VALUES.has(key)) p = Math.max(p, rel);
      else if (rel > stat) {
        stat = rel;
        where = `${col}.${key}`;
      }
    }
  }
  return { stat, p, where };
}

console.log(`${steward.rows.toLocaleString('en-US')} reference + ${steward.rows.toLocaleString('en-US')} current rows × ${steward.columns} numeric columns\n`);
console.log('| implementation | load | compute (median) | compute (first run) | runs | peak RSS |');
console.log('|---|---|---|---|---|---|');
for (const r of [steward, ...baselines]) {
  console.log(`| ${r.impl} | ${ms(r.loadMs)} | ${ms(median(r.computeMs))} | ${ms(r.computeMs[0]!)} | ${r.computeMs.length} | ${r.maxRssMb.toFixed(0)} MB |`);
}
console.log('');
for (const b of baselines) {
  const d = maxRelDiff(steward, b);
  console.log(
    `steward/${b.impl} compute ratio: ${(median(steward.computeMs) / median(b.computeMs)).toFixed(3)} (median), ` +
      `${(steward.computeMs[0]! / b.computeMs[0]!).toFixed(3)} (first run); ` +
      `max relative difference: statistics ${d.stat.toExponential(2)}${d.where ? ` (${d.where})` : ''}, p-values ${d.p.toExponential(2)}`,
  );
}
