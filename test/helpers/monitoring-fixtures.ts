import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { expect } from 'vitest';

export const CLI_FIXTURES = join(import.meta.dirname, '../fixtures/monitoring-cli');
export const fixture = (name: string) => join(CLI_FIXTURES, name);
export const expectedCli = () => JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));

/**
 * Convert a CSV fixture to Parquet with typed columns: columns whose non-empty cells are all
 * numbers become DOUBLE (empty -> null), true/false columns BOOLEAN, the rest STRING — unless
 * listed in `asText`. Row groups of 700 rows, so readers must stitch several.
 */
export function csvToParquet(csvPath: string, outPath: string, asText: readonly string[] = []): void {
  const rows: string[][] = parse(readFileSync(csvPath), { trim: true });
  const [header, ...body] = rows as [string[], ...string[][]];
  const columnData = header.map((name, i) => {
    const cells = body.map((r) => r[i]!);
    const filled = cells.filter((c) => c !== '');
    if (!asText.includes(name) && filled.every((c) => c === 'true' || c === 'false')) {
      return { name, type: 'BOOLEAN' as const, data: cells.map((c) => (c === '' ? null : c === 'true')) };
    }
    if (!asText.includes(name) && filled.every((c) => Number.isFinite(Number(c)))) {
      return { name, type: 'DOUBLE' as const, data: cells.map((c) => (c === '' ? null : Number(c))) };
    }
    return { name, type: 'STRING' as const, data: cells.map((c) => (c === '' ? null : c)) };
  });
  writeFileSync(outPath, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 700 })));
}

/** |a − e| ≤ tol·|e| (or both null). */
export function expectClose(actual: number | null | undefined, expected: number | null | undefined, tol: number, what: string): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe('number');
  const a = actual as number;
  const rel = expected === 0 ? Math.abs(a) : Math.abs(a - expected) / Math.abs(expected);
  expect(rel, `${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(expected === 0 ? 1e-15 : tol);
}

export const REL = 1e-9;
export const REL_P = 1e-6;

import type { Store } from '../../src/ports/store.js';
import type { Clock } from '../../src/core/clock.js';
import type { Config } from '../../src/config/config.js';
import type { Table } from '../../src/monitoring/io/table.js';
import { readTable } from '../../src/monitoring/io/read-table.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';

export const SYSTEM = { actor: 'cli:tester', platform: 'cli', channel: null };

export async function readFixture(name: string, categorical: string[] = [], kinds?: Map<string, 'numeric' | 'categorical'>): Promise<Table> {
  const r = await readTable({ file: fixture(name) }, { categorical, kinds });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** One prediction object per row of a table: its columns become features (numbers, strings or null). */
export function tableToPredictions(t: Table, opts: { idPrefix: string; start: Date; stepMs: number; prediction?: (i: number) => number | string; label?: (i: number) => number | string | null; sensitive?: (i: number) => Record<string, string> }): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < t.rows; i++) {
    const features: Record<string, number | string | null> = {};
    for (const c of t.columns) {
      if (c.kind === 'numeric') features[c.name] = Number.isNaN(c.values[i]!) ? null : c.values[i]!;
      else features[c.name] = c.codes[i]! < 0 ? null : c.categories[c.codes[i]!]!;
    }
    out.push({
      id: `${opts.idPrefix}-${i}`,
      timestamp: new Date(opts.start.getTime() + i * opts.stepMs).toISOString(),
      features,
      prediction: opts.prediction?.(i) ?? 0,
      ...(opts.label ? { label: opts.label(i) } : {}),
      ...(opts.sensitive ? { sensitive: opts.sensitive(i) } : {}),
    });
  }
  return out;
}

/** A model with one version, the large fixture as its reference and the large current fixture logged in `env`. */
export async function seedDriftScenario(deps: { store: Store; clock: Clock; config: Config }, opts: { model?: string; env?: string } = {}) {
  const model = opts.model ?? 'fraud-detector';
  const env = opts.env ?? 'production';
  const reg = await registerVersion(deps.store, deps.clock, SYSTEM, { model, version: { artifactUri: 's3://m/1.pkl' } });
  if (!reg.ok) throw new Error(reg.error.message);
  const ref = await readFixture('reference-large.csv', ['zip']);
  const up = await uploadReference(deps, SYSTEM, { model, version: 1, source: 'reference-large.csv', rows: ref.rows, columns: ref.columns });
  if (!up.ok) throw new Error(up.error.message);
  const cur = await readFixture('current-large.csv', ['zip'], new Map(ref.columns.map((c) => [c.name, c.kind])));
  const start = new Date(deps.clock.now().getTime() - 2 * 86_400_000);
  const rows = tableToPredictions(cur, { idPrefix: 'p', start, stepMs: 60_000 });
  const logged = await logPredictions(deps, SYSTEM, { model, version: 1, environment: env }, arrayRows(rows, 'predictions'));
  if (!logged.ok) throw new Error(logged.error.message);
  return { model, env, ref, cur };
}
