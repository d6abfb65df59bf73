// Realistic logged predictions for the ingestion benchmark (bench/ingest/run.mjs), deterministic
// from a seed: a card-fraud model's 10 numeric and 2 categorical features, a score, a sensitive
// attribute, a label on half of them, one timestamp per second.
//
//   node bench/ingest/generate.mjs [ROWS]      writes bench/ingest/data/predictions-<ROWS>.jsonl

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)) */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE', 'AT', 'IE', 'PT'];
const CHANNELS = ['web', 'mobile', 'pos', 'moto'];
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

/** `n` predictions as the API and the CLI take them (plain objects), oldest first from `start`. */
export function predictions(n, { seed = 20261212, start = Date.UTC(2026, 11, 1) } = {}) {
  const r = prng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    const amount = round(Math.exp(3.5 + 1.2 * normal()), 2);
    const features = {
      amount,
      age: Math.max(18, Math.min(95, Math.round(40 + 13 * normal()))),
      account_age_days: Math.floor(-Math.log(1 - r()) * 700),
      txn_count_24h: Math.floor(-Math.log(1 - r()) * 3),
      avg_amount_30d: round(amount * (0.5 + r()), 2),
      distance_km: round(-Math.log(1 - r()) * 25, 1),
      hour: Math.floor(r() * 24),
      merchant_risk: round(r() ** 3, 4),
      velocity_score: round(normal() * 0.8 + 1.5, 3),
      credit_limit: Math.round(500 + r() * 20) * 100,
      country: COUNTRIES[Math.floor(r() ** 1.6 * COUNTRIES.length)],
      channel: CHANNELS[Math.floor(r() * CHANNELS.length)],
    };
    const score = round(1 / (1 + Math.exp(-(features.merchant_risk * 6 + features.velocity_score - 4 + normal()))), 4);
    const row = { id: `txn-${String(i).padStart(8, '0')}`, timestamp: new Date(start + i * 1000).toISOString(), features, prediction: score, sensitive: { sex: r() < 0.5 ? 'F' : 'M' } };
    if (i % 2 === 0) row.label = r() < score ? 1 : 0;
    rows[i] = row;
  }
  return rows;
}

/** JSON Lines of `rows` */
export const jsonl = (rows) => `${rows.map((p) => JSON.stringify(p)).join('\n')}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 200_000);
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `predictions-${n}.jsonl`);
  writeFileSync(file, jsonl(predictions(n)));
  console.log(file);
}
