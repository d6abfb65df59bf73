import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { createToken } from '../../src/governance/create-token.js';
import { apiRoutes } from '../../src/http/api-routes.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { readTable } from '../../src/monitoring/io/read-table.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { silentLogger } from '../../src/ports/logger.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { referenceCsv, writePredictions } from '../../bench/log-profile/generate.mjs';
import { FixedClock } from '../fakes/fixed-clock.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { predictionRows, writePredictionsCsv, writePredictionsParquet } from '../helpers/profile-files.js';
import { referenceColumns } from '../helpers/profiles.js';
import { childEnv, root } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testConfig } from '../helpers/test-config.js';

const HOUR = 3_600_000;

describe.each(drivers())('steward log-profile into the configured database on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  const dir = tempDir('log-profile-cli');
  beforeAll(async () => {
    writeFileSync(join(dir, 'steward.yaml'), 'monitoring:\n  models:\n    fraud-detector:\n      scoreThreshold: 0.5\n');
    // charts go under STEWARD_DATA_DIR/images; on PostgreSQL the database is DATABASE_URL
    const base = { STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    if (driver === 'postgres') {
      pg = await freshDatabase('postgres');
      env = { ...base, DATABASE_URL: pg.url! };
    } else env = base;
  });
  afterAll(async () => pg?.close());

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out, err };
  };
  const report = async (verb: string, environment: string) => {
    const r = await run(verb, 'fraud-detector', environment, '--window', '1d', '--format', 'json');
    expect(r.err).toEqual([]);
    // the same report but for where it is about, when it was made and its chart's file name
    const { environment: _, window: __, charts: ___, ...data } = JSON.parse(r.out.join('\n'));
    return data;
  };

  it('profiles a CSV and a Parquet file where they are and writes only the profiles: the reports equal those of logging the same rows', async () => {
    expect((await run('register', 'fraud-detector', 's3://m/1.pkl')).code).toBe(0);
    const ref = join(dir, 'reference.csv');
    const cols = referenceColumns(3000);
    const text = (c: (typeof cols)[number], i: number) => (c.kind === 'numeric' ? String(c.values[i]) : c.categories[c.codes[i]!]);
    writeFileSync(ref, `${cols.map((c) => c.name).join(',')}\n${Array.from({ length: 3000 }, (_, i) => cols.map((c) => text(c, i)).join(',')).join('\n')}\n`);
    expect((await run('reference', 'upload', 'fraud-detector', '1', ref)).code).toBe(0);

    const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR);
    const rows = predictionRows(900, 'k', start);
    const jsonl = join(dir, 'rows.jsonl');
    writeFileSync(jsonl, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(await run('log-predictions', jsonl, '--model', 'fraud-detector', '--version', '1', '--env', 'production')).toMatchObject({ code: 0, err: [] });

    const csv = join(dir, 'rows.csv');
    writePredictionsCsv(csv, rows);
    const r = await run('log-profile', csv, '--model', 'fraud-detector', '--version', '1', '--env', 'staging', '--sensitive', 'sex,age');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
    expect(r.out).toEqual([expect.stringMatching(new RegExp(`^Profiled 900 rows of rows\\.csv into 3 hourly profiles \\(${iso(start.getTime())} to ${iso(start.getTime() + 2 * HOUR)}\\) for fraud-detector v1 in staging; wrote \\d+ bytes of profiles to the database \\(1 transaction\\)\\.$`))]);
    expect(await report('drift', 'staging')).toEqual(await report('drift', 'production'));
    expect(await report('bias', 'staging')).toEqual(await report('bias', 'production'));
    expect((await report('drift', 'staging')).currentRows).toBe(900);

    // the same rows as Parquet go to the same hours: the staging report now counts them twice
    const parquet = join(dir, 'rows.parquet');
    writePredictionsParquet(parquet, rows, 256);
    expect(await run('log-profile', parquet, '--model', 'fraud-detector', '--version', '1', '--env', 'staging', '--sensitive', 'sex,age')).toMatchObject({ code: 0, out: [expect.stringMatching(/^Profiled 900 rows of rows\.parquet into 3 hourly profiles/)] });
    expect((await report('drift', 'staging')).currentRows).toBe(1800);
    const audit = await run('audit', 'fraud-detector', '--format', 'json');
    expect(JSON.parse(audit.out.join('\n')).events.filter((e: { action: string }) => e.action === 'profile.uploaded')).toHaveLength(2);

    // a file without a timestamp column goes to --hour
    const plain = join(dir, 'plain.csv');
    writePredictionsCsv(plain, rows.slice(0, 10), { timestamp: false });
    expect(await run('log-profile', plain, '--model', 'fraud-detector', '--version', '1', '--env', 'staging', '--hour', iso(start.getTime() - HOUR))).toMatchObject({ code: 0, out: [expect.stringMatching(new RegExp(`^Profiled 10 rows of plain\\.csv into 1 hourly profile \\(${iso(start.getTime() - HOUR)}\\)`))] });
    expect((await report('drift', 'staging')).currentRows).toBe(1810);
  });

  it('refuses with one line and writes nothing: unknown environment, model or version, a missing file, a bad --hour or --sensitive, a file that is not a table', async () => {
    const csv = join(dir, 'rows.csv');
    const args = (over: Record<string, string>) => Object.entries({ '--model': 'fraud-detector', '--version': '1', '--env': 'staging', ...over }).flat();
    const before = (await report('drift', 'staging')).currentRows;
    const cases: [string[], number, RegExp][] = [
      [['log-profile', csv, ...args({ '--env': 'qa' })], 2, /^steward: qa is not an environment\. .*Environments: staging, production\.$/],
      [['log-profile', csv, ...args({ '--model': 'fraud-detectr' })], 2, /^steward: There is no model fraud-detectr\. Did you mean fraud-detector\?/],
      [['log-profile', csv, ...args({ '--version': '7' })], 2, /^steward: fraud-detector has no version 7; its versions are 1–1\.$/],
      [['log-profile', csv, ...args({ '--version': 'seven' })], 2, /^steward: "seven" is not a version number: use 7 or v7$/],
      [['log-profile', join(dir, 'nope.csv'), ...args({})], 2, /^steward: .*nope\.csv: no such file$/],
      [['log-profile', csv, ...args({ '--hour': 'noon' })], 2, /^steward: --hour: must be the start of a UTC hour in ISO 8601 with a zone/],
      [['log-profile', csv, ...args({ '--sensitive': 'sex,,age' })], 2, /^steward: --sensitive takes comma-separated column names/],
      [['log-profile', csv, ...args({ '--sensitive': 'gender' })], 2, /^steward: rows\.csv: --sensitive names "gender", which is not a column; its columns are id, amount, items/],
      [['log-profile', join(dir, 'steward.yaml'), ...args({})], 2, /^steward: steward\.yaml: unknown file type "\.yaml"; use a \.csv or \.parquet file$/],
    ];
    for (const [argv, code, message] of cases) {
      const r = await run(...argv);
      expect({ argv, code: r.code, err: r.err.length, out: r.out }).toEqual({ argv, code, err: 1, out: [] });
      expect(r.err[0]).toMatch(message);
    }
    expect((await report('drift', 'staging')).currentRows).toBe(before);
  });
});

/** Peak RSS (MiB) of a real `steward` process, from a preload that prints it at exit. */
function peakRss(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string; rssMiB: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', join(import.meta.dirname, 'rss-at-exit.mjs'), 'bin/steward.js', ...args], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.once('error', reject);
    p.once('exit', (code) => {
      // one line per process: bin/steward.js may run the sources in a tsx child, which inherits the preload
      const peaks = [...err.matchAll(/steward-max-rss-kib (\d+)/g)].map((m) => Number(m[1]));
      resolve({ code, out: out.trim(), err: err.replace(/steward-max-rss-kib \d+\n?/g, '').trim(), rssMiB: peaks.length ? Math.max(...peaks) / 1024 : Number.NaN });
    });
  });
}

describe('steward log-profile keeps its memory bounded: 1,000,000 rows of Parquet take about what 1,000 rows take', () => {
  let server: RunningHttpServer;
  let db: TestDatabase;
  let token: string;
  const dir = tempDir('log-profile-rss');
  const clock = new FixedClock('2026-11-27T00:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase('pglite');
    const config = testConfig();
    const h = harness({ config, store: drizzleStore(db.db), clock });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: apiRoutes({ app: h.app, store: h.deps.store, clock, config, log: silentLogger, renderText: (r) => renderText(r) }), log: silentLogger });
    await registerVersion(h.deps.store, clock, SYSTEM, { model: 'bench-model', version: { artifactUri: 's3://m/1' } });
    writeFileSync(join(dir, 'reference.csv'), referenceCsv(5000));
    const ref = await readTable({ file: join(dir, 'reference.csv') });
    if (!ref.ok) throw new Error(ref.error.message);
    const up = await uploadReference(h.deps, SYSTEM, { model: 'bench-model', version: 1, source: 'reference.csv', rows: ref.value.rows, columns: ref.value.columns });
    if (!up.ok) throw new Error(up.error.message);
    token = ((await createToken(h.deps, SYSTEM, { name: 'ci', role: 'pipeline' })) as { value: { token: string } }).value.token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('peak RSS of the whole process grows by less than 100 MiB from 1,000 to 1,000,000 rows (row groups of 262,144)', async () => {
    const small = join(dir, 'small.parquet');
    const big = join(dir, 'big.parquet');
    await writePredictions(1000, small, 1000);
    await writePredictions(1_000_000, big, 262_144);
    const env = { STEWARD_URL: server.url, STEWARD_TOKEN: token, STEWARD_DATA_DIR: join(dir, 'unused') };
    const args = (file: string) => ['log-profile', file, '--model', 'bench-model', '--version', '1', '--env', 'staging', '--sensitive', 'sex'];
    const a = await peakRss(args(small), env);
    expect(a).toMatchObject({ code: 0, err: '', out: expect.stringMatching(/^Profiled 1000 rows of small\.parquet into 24 hourly profiles/) });
    const b = await peakRss(args(big), env);
    expect(b).toMatchObject({ code: 0, err: '', out: expect.stringMatching(/^Profiled 1000000 rows of big\.parquet into 24 hourly profiles \(2026-11-26T00:00Z to 2026-11-26T23:00Z\) for bench-model v1 in staging; sent \d+ bytes/) });
    // whole columns of a million rows would be hundreds of MiB more (11 columns × 1,000,000 values)
    expect(b.rssMiB - a.rssMiB, `1,000 rows: ${a.rssMiB.toFixed(0)} MiB; 1,000,000 rows: ${b.rssMiB.toFixed(0)} MiB`).toBeLessThan(100);
  }, 180_000);
});
