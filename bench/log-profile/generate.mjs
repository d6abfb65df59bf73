// Data for the log-profile benchmark (and the memory test): a reference CSV and a big Parquet file
// of scored predictions with the same features, written row group by row group (the writer's
// memory stays at one row group), deterministic.
//
//   node bench/log-profile/generate.mjs ROWS OUT.parquet [ROW_GROUP_ROWS] [REFERENCE.csv]   # OFFSET_INDEX=0: without page indexes
//
// Columns: id (text, not a feature: log-profile does not read it), amount, balance, age, score
// (numeric), items (whole numbers, some not a number), country, channel (categorical; some values
// the reference does not have, some missing), prediction (a score in [0, 1]), label (on 1 row in
// 5), timestamp (TIMESTAMP, over 24 hours from 2026-11-26T00:00Z), sex (sensitive).

import { writeFileSync } from 'node:fs';
import { ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';

/** mulberry32 */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE', 'UK'];
const CHANNELS = ['web', 'app', 'pos', 'phone'];
const START = Date.parse('2026-11-26T00:00:00Z');

/** One row group's columns, rows [from, from + n) of the file. */
export function group(from, n, total, seed = 20261126) {
  const r = rng(seed + from);
  const amount = new Float64Array(n);
  const balance = new Array(n);
  const age = new Float64Array(n);
  const score = new Float64Array(n);
  const items = new Array(n);
  const country = new Array(n);
  const channel = new Array(n);
  const prediction = new Float64Array(n);
  const label = new Array(n);
  const timestamp = new Array(n);
  const sex = new Array(n);
  const id = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = from + i;
    id[i] = `p-${k}`;
    amount[i] = Math.round(-Math.log(1 - r()) * 4000 * 1.1) / 100;
    balance[i] = r() < 0.02 ? null : Math.round((r() + r() + r()) * 100000) / 100;
    age[i] = 18 + Math.floor(r() * 60);
    score[i] = r() * 0.9 + 0.05;
    items[i] = r() < 0.01 ? 'many' : String(Math.floor(r() * 8));
    country[i] = r() < 0.01 ? null : COUNTRIES[Math.floor(r() * r() * COUNTRIES.length)];
    channel[i] = CHANNELS[Math.floor(r() * CHANNELS.length)];
    prediction[i] = Math.round(r() * 1000) / 1000;
    label[i] = r() < 0.2 ? (r() < prediction[i] ? 1 : 0) : null;
    timestamp[i] = new Date(START + Math.floor((k / total) * 86_400_000));
    sex[i] = r() < 0.5 ? 'F' : 'M';
  }
  return [
    { name: 'id', type: 'STRING', data: id },
    { name: 'amount', type: 'DOUBLE', data: amount },
    { name: 'balance', type: 'DOUBLE', data: balance },
    { name: 'age', type: 'DOUBLE', data: age },
    { name: 'score', type: 'DOUBLE', data: score },
    { name: 'items', type: 'STRING', data: items },
    { name: 'country', type: 'STRING', data: country },
    { name: 'channel', type: 'STRING', data: channel },
    { name: 'prediction', type: 'DOUBLE', data: prediction },
    { name: 'label', type: 'DOUBLE', data: label },
    { name: 'timestamp', type: 'TIMESTAMP', data: timestamp },
    { name: 'sex', type: 'STRING', data: sex },
  ];
}

/** The reference: the features of `rows` rows drawn alike (other seed, the first four countries only). */
export function referenceCsv(rows) {
  const cols = group(0, rows, rows, 7);
  const by = Object.fromEntries(cols.map((c) => [c.name, c.data]));
  const names = ['amount', 'balance', 'age', 'score', 'items', 'country', 'channel'];
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++) {
    const country = by.country[i] && COUNTRIES.indexOf(by.country[i]) < 4 ? by.country[i] : 'DE';
    lines.push([by.amount[i], by.balance[i] ?? '', by.age[i], by.score[i], by.items[i] === 'many' ? 3 : by.items[i], country, by.channel[i]].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes ROWS rows to `out`, row group by row group; `offsetIndex: false` as pyarrow writes by default (no page index). */
export async function writePredictions(rows, out, groupRows = 1_048_576, { offsetIndex = true } = {}) {
  const writer = fileWriter(out);
  let pq = null;
  for (let from = 0; from < rows; from += groupRows) {
    const n = Math.min(groupRows, rows - from);
    const columnData = group(from, n, rows);
    if (!pq) pq = new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData }) });
    await pq.write({ columnData: columnData.map(({ name, data }) => ({ name, data, offsetIndex })), rowGroupSize: n });
  }
  await pq.finish();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, out, groupRows, reference] = process.argv.slice(2);
  const t0 = performance.now();
  await writePredictions(Number(rows), out, groupRows ? Number(groupRows) : undefined, { offsetIndex: process.env.OFFSET_INDEX !== '0' });
  if (reference) writeFileSync(reference, referenceCsv(20_000));
  console.error(`wrote ${rows} rows to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
