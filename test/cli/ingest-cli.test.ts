import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture, readFixture, tableToPredictions } from '../helpers/monitoring-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

describe.each(drivers())('steward ingestion commands on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  const dir = tempDir('ingest-cli');
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
    expect(again.err).toEqual(['steward: A token named ci already exists (revoked tokens keep their name); pick another name.']);
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

  it('log-predictions refuses a NUL in the last row of 1,500 with exit 2 and one short line naming the field; nothing was logged', async () => {
    expect((await run('register', 'nul-model', 's3://m/n.pkl', '--new-model')).code).toBe(0);
    const rows = Array.from({ length: 1500 }, (_, i) => ({ id: `n-${i}`, features: { city: 'Paris', amount: i }, prediction: 1, sensitive: { group: 'SENSITIVE-GROUP-7f3a' } }));
    const bad = join(dir, 'nul.jsonl');
    writeFileSync(bad, `${[...rows.slice(0, -1), { ...rows.at(-1)!, features: { city: 'Pa\u0000ris', amount: 1 } }].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const refused = await run('log-predictions', bad, '--model', 'nul-model', '--version', '1', '--env', 'production');
    expect(refused).toEqual({ code: 2, out: [], err: ['steward: line 1500.features.city: contains a NUL character (U+0000) at position 3, which cannot be stored; remove it; nothing in this batch was logged.'] });
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    // the same ids log cleanly: not one row of the refused batch was kept
    expect(await run('log-predictions', good, '--model', 'nul-model', '--version', '1', '--env', 'production')).toMatchObject({ code: 0, out: ['Logged 1500 predictions for nul-model v1 in production (0 with labels).'] });
  });

  it('log-predictions reads JSON Lines and .json files that start with a UTF-8 byte-order mark', async () => {
    expect((await run('register', 'bom-model', 's3://m/b.pkl', '--new-model')).code).toBe(0);
    const jsonl = join(dir, 'bom.jsonl');
    writeFileSync(jsonl, `\ufeff{"id": "b-1", "features": {"a": 1}, "prediction": 0}\n{"id": "b-2", "features": {"a": 2}, "prediction": 1}\n`);
    expect(await run('log-predictions', jsonl, '--model', 'bom-model', '--version', '1', '--env', 'production')).toEqual({ code: 0, out: ['Logged 2 predictions for bom-model v1 in production (0 with labels).'], err: [] });
    const json = join(dir, 'bom.json');
    writeFileSync(json, `\ufeff[{"id": "b-3", "features": {"a": 3}, "prediction": 1}]`);
    expect(await run('log-predictions', json, '--model', 'bom-model', '--version', '1', '--env', 'production')).toEqual({ code: 0, out: ['Logged 1 predictions for bom-model v1 in production (0 with labels).'], err: [] });
  });

  it('reference upload refuses an unknown --categorical column (listing the real ones) and a semicolon-separated file, with exit 2', async () => {
    expect((await run('register', 'ref-model', 's3://m/r.pkl', '--new-model')).code).toBe(0);
    const unknown = await run('reference', 'upload', 'ref-model', '1', fixture('reference-large.csv'), '--categorical', 'zipcode');
    expect(unknown).toEqual({ code: 2, out: [], err: ['steward: reference-large.csv: categorical names "zipcode", which is not a column; its columns are age, income, score, visits, city, is_member, zip, discount'] });
    const semi = join(dir, 'semi.csv');
    writeFileSync(semi, 'age;income;city\n31;52000;Paris\n');
    const refused = await run('reference', 'upload', 'ref-model', '1', semi);
    expect(refused).toEqual({ code: 2, out: [], err: ['steward: semi.csv: the header "age;income;city" looks semicolon-separated; Steward reads comma-separated CSV: save the file with commas as the delimiter'] });
  });
});
