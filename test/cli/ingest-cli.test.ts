import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture, readFixture, tableToPredictions } from '../helpers/monitoring-fixtures.js';

describe.each(drivers())('steward ingestion commands on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'steward-ingest-cli-'));
  beforeAll(async () => {
    if (driver === 'postgres') {
      pg = await freshDatabase('postgres');
      env = { DATABASE_URL: pg.url!, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    } else env = { STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
  });
  afterAll(async () => pg?.close());

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out, err };
  };

  it('token create prints the secret once on stdout; the same name again is refused', async () => {
    const r = await run('token', 'create', 'ci', '--role', 'admin');
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/^stw_[A-Za-z0-9_-]{43}$/)]);
    expect(r.err.join(' ')).toMatch(/shown only this once/);
    const again = await run('token', 'create', 'ci', '--role', 'admin');
    expect(again.code).toBe(2);
    expect(again.err).toEqual(['steward: A token named ci already exists; pick another name.']);
    expect((await run('token', 'create', 'x2', '--role', 'root')).err[0]).toMatch(/root is not a role; roles are admin, pipeline, viewer/);
  });

  it('reference upload, then log-predictions from JSON Lines, then `steward drift <model> <env>` reports on them', async () => {
    expect((await run('register', 'fraud-detector', 's3://m/1.pkl')).code).toBe(0);
    const up = await run('reference', 'upload', 'fraud-detector', '1', fixture('reference-large.csv'), '--categorical', 'zip');
    expect(up.code).toBe(0);
    expect(up.out[0]).toMatch(/^Uploaded the reference data of fraud-detector v1: 2500 rows, 8 columns: age \(numeric\), .*zip \(categorical\)/);

    const ref = await readFixture('reference-large.csv', ['zip']);
    const cur = await readFixture('current-large.csv', ['zip'], new Map(ref.columns.map((c) => [c.name, c.kind])));
    const rows = tableToPredictions(cur, { idPrefix: 'p', start: new Date(Date.now() - 3_600_000), stepMs: 1000 });
    const file = join(dir, 'predictions.jsonl');
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(rows[0])}\n\n{"id": "x", "features": {}, "prediction": [1]}\n`);
    const rejected = await run('log-predictions', bad, '--model', 'fraud-detector', '--version', '1', '--env', 'production');
    expect(rejected.code).toBe(2);
    expect(rejected.err).toEqual(['steward: line 3.prediction: must be a number, string or boolean (got an array); nothing in this batch was logged.']);

    const logged = await run('log-predictions', file, '--model', 'fraud-detector', '--version', 'v1', '--env', 'production');
    expect(logged.err).toEqual([]);
    expect(logged.out).toEqual(['Logged 2000 predictions for fraud-detector v1 in production (0 with labels).']);

    const report = await run('drift', 'fraud-detector', 'production', '--format', 'json');
    expect(report.code).toBe(0);
    const data = JSON.parse(report.out.join('\n'));
    expect(data).toMatchObject({ model: 'fraud-detector', version: 1, environment: 'production', currentRows: 2000, referenceRows: 2500, datasetDrift: true });

    const again = await run('log-predictions', file, '--model', 'fraud-detector', '--version', '1', '--env', 'production');
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(/^steward: line 1\.id: prediction "p-0" is already logged for fraud-detector/);
  });
});
