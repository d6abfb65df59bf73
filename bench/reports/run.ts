/**
 * bench/reports: a 30-day drift + bias report from profiles, with 1,000,000 and with 30,000,000
 * predictions in them, on PostgreSQL. Profiles are built with the ingestion code (HourDeltas +
 * applyDeltas, the path `logPredictions` takes) from generated rows, one transaction per day; the
 * rows themselves are not stored (the report never reads them).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reports/run.ts
 *
 * Env: SIZES (default "1000000,30000000"), RUNS (default 7).
 */
import postgres from 'postgres';
import { openDatabase } from '../../src/db/open-database.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { currentBasis } from '../../src/monitoring/profile-basis-source.js';
import { applyDeltas, HourDeltas, HOUR_MS, readProfile } from '../../src/monitoring/profile-writes.js';
import { measureDrift, resolveScope } from '../../src/monitoring/measure-drift.js';
import { measureBias } from '../../src/monitoring/measure-bias.js';
import { emptyProfile, mergeProfile } from '../../src/monitoring/domain/profile/prediction-profile.js';
import { profileDrift } from '../../src/monitoring/domain/profile/profile-drift.js';
import { profileBias } from '../../src/monitoring/domain/profile/profile-bias.js';
import { ok } from '../../src/core/result.js';
import { foldProfiles } from '../../src/monitoring/fold-profiles.js';
import type { Clock } from '../../src/core/clock.js';
import type { ColumnData } from '../../src/monitoring/io/table.js';

const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = (process.env.SIZES ?? '1000000,30000000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 7);
const NOW = new Date('2026-12-01T00:00:00Z');
const clock: Clock = { now: () => NOW };
const who = { actor: 'cli:bench', platform: 'cli', channel: null };

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const NUMERIC = Array.from({ length: 10 }, (_, i) => `x${i}`);
const CATS = { country: ['DE', 'FR', 'ES', 'IT', 'NL', 'PL'], channel: ['web', 'app', 'pos'] };
const value = (r: () => number, i: number, shift: number): number => (i % 3 === 0 ? Math.exp(normal(r) * 0.5 + shift) : i % 3 === 1 ? Math.floor(-Math.log(1 - r()) * 4) : Math.round((normal(r) + shift) * 100) / 100);

function reference(rows: number): ColumnData[] {
  const r = rng(1);
  return [
    ...NUMERIC.map((name, i): ColumnData => ({ name, kind: 'numeric', values: Float64Array.from({ length: rows }, () => value(r, i, 0)) })),
    ...Object.entries(CATS).map(([name, cats]): ColumnData => ({ name, kind: 'categorical', categories: cats, codes: Int32Array.from({ length: rows }, () => Math.floor(r() * cats.length)) })),
  ];
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const name = `steward_bench_reports_${process.pid}`;
const sql = postgres(admin, { max: 1, onnotice: () => {} });
await sql.unsafe(`create database ${name}`);
const u = new URL(admin);
u.pathname = `/${name}`;
const db = await openDatabase({ kind: 'postgres', url: u.toString(), max: 4 });
try {
  const loaded = loadConfig({ STEWARD_DATA_DIR: '/tmp/steward-bench', USER: 'bench' }, '/nonexistent');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const config = loaded.config;
  const store = drizzleStore(db.db);
  const deps = { store, clock, config };
  const refCols = reference(50_000);
  const results: { size: number; build: number; hours: number; bytes: number; read: number[]; merge: number[]; stats: number[]; total: number[] }[] = [];
  for (const [m, size] of SIZES.entries()) {
    const model = `model-${m}`;
    const reg = await registerVersion(store, clock, who, { model, newModel: true, version: { artifactUri: 's3://m/1' } });
    if (!reg.ok) throw new Error(reg.error.message);
    const up = await uploadReference(deps, who, { model, version: 1, source: 'bench', rows: 50_000, columns: refCols });
    if (!up.ok) throw new Error(up.error.message);
    const mod = (await store.read.models.byName(model))!;
    const version = (await store.read.versions.get(mod.id, 1))!;
    const current = await currentBasis(store.read, config, model, version.id);
    const t0 = performance.now();
    const r = rng(7 + m);
    const perHour = Math.round(size / 720);
    for (let day = 0; day < 30; day++) {
      const deltas = new HourDeltas(current);
      for (let h = 0; h < 24; h++) {
        const hour = NOW.getTime() - (30 - day) * 86_400_000 + h * HOUR_MS;
        const shift = day / 60;
        for (let k = 0; k < perHour; k++) {
          const features: Record<string, number | string> = {};
          for (let i = 0; i < NUMERIC.length; i++) features[NUMERIC[i]!] = value(r, i, shift);
          features.country = CATS.country[Math.floor(r() * 6)]!;
          features.channel = CATS.channel[Math.floor(r() * 3)]!;
          const group = r() < 0.4 ? 'F' : 'M';
          const prediction = r() < (group === 'F' ? 0.3 : 0.4) ? 1 : 0;
          const labelled = r() < 0.5;
          deltas.add(new Date(hour + Math.floor(r() * HOUR_MS)), { features, prediction, label: labelled ? (r() < 0.35 ? 1 : 0) : undefined, sensitive: labelled ? { group, region: r() < 0.5 ? 'north' : 'south' } : null });
        }
      }
      await store.transaction(async (tx) => {
        await applyDeltas(tx, mod.id, version.id, 'production', current, deltas, NOW);
        return ok(undefined);
      });
    }
    await store.transaction(async (tx) => {
      await tx.profiles.setVersionBasis(version.id, current.basis.id, NOW);
      return ok(undefined);
    });
    // steady state: days more than 3 behind are folded by the scheduler's maintenance
    while (await foldProfiles(deps, 50)) {}
    const build = performance.now() - t0;
    const [size0] = (await db.execute(`select sum(pg_column_size(data))::bigint as bytes, count(*)::int as hours from prediction_profiles where version_id = ${version.id}`)) as { bytes: number; hours: number }[];
    const { bytes, hours } = size0!;
    const res = { size, build, hours: Number(hours), bytes: Number(bytes), read: [] as number[], merge: [] as number[], stats: [] as number[], total: [] as number[] };
    const scope = await resolveScope(deps, { model, env: 'production', window: '30d' });
    if (!scope.ok) throw new Error(scope.error.message);
    const reference = (await store.read.references.get(version.id))!;
    for (let run = 0; run < RUNS; run++) {
      // the parts: read the rows, parse + merge, the statistics
      const a = performance.now();
      const rows = await store.read.profiles.window({ versionId: version.id, environment: 'production', from: scope.value.from, to: scope.value.to });
      const b = performance.now();
      const merged = emptyProfile(current.basis);
      for (const row of rows) mergeProfile(merged, readProfile(row.data, current), current.categories);
      const c = performance.now();
      const drift = profileDrift(reference.data, current.basis, merged, {});
      const bias = profileBias(merged);
      const d = performance.now();
      if (merged.rows !== perHour * 720 || bias.kind !== 'report' || !drift.drift.features.length) throw new Error('bench: unexpected result');
      // end to end: what /mlops drift and /mlops bias do (both read the profiles and the reference)
      const e = performance.now();
      const md = await measureDrift(deps, scope.value);
      const mb = await measureBias(deps, scope.value);
      const f = performance.now();
      if (!md.ok || !mb.ok || md.value.currentRows !== perHour * 720) throw new Error('bench: report failed');
      res.read.push(b - a);
      res.merge.push(c - b);
      res.stats.push(d - c);
      res.total.push(f - e);
    }
    results.push(res);
    console.log(JSON.stringify({ size, build_s: +(build / 1000).toFixed(1), hours: res.hours, profile_mb: +(res.bytes / 1e6).toFixed(1), read_ms: median(res.read), merge_ms: median(res.merge), stats_ms: median(res.stats), report_ms: median(res.total) }));
  }
  console.log('\n| predictions in profiles | hourly profiles | stored | read rows | parse + merge | statistics (drift + bias) | compute (merge + statistics) | drift + bias report end to end |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.size.toLocaleString('en-US')} | ${r.hours} | ${(r.bytes / 1e6).toFixed(1)} MB | ${fmt(median(r.read))} | ${fmt(median(r.merge))} | ${fmt(median(r.stats))} | ${fmt(median(r.merge) + median(r.stats))} | ${fmt(median(r.total))} |`);
  }
  if (results.length === 2) {
    const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
    console.log(`\nratio ${b.size / a.size}x predictions: compute ${((median(b.merge) + median(b.stats)) / (median(a.merge) + median(a.stats))).toFixed(2)}, end to end ${(median(b.total) / median(a.total)).toFixed(2)}`);
  }
} finally {
  await db.close();
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.end();
}
