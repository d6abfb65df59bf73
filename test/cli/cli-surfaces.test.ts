import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/temp-dir.js';

describe.each(drivers())('steward command surfaces on %s', (driver: Driver) => {
  let env: Record<string, string>;
  let pg: TestDatabase | null = null;
  beforeAll(async () => {
    if (driver === 'postgres') {
      pg = await freshDatabase('postgres');
      env = { DATABASE_URL: pg.url!, STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
    } else env = { STEWARD_DATA_DIR: tempDir('surfaces'), STEWARD_USER: 'ci-bot', LOG_LEVEL: 'silent' };
  });
  afterAll(async () => pg?.close());

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err };
  };

  it('steward <verb> --help and -h print the verb’s help and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run('deploy', 'fraud-detector', flag);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^steward deploy\n/);
      expect(r.out).toContain('--reason TEXT — why, shown to approvers');
    }
  });

  it('steward audit [model] [--limit N] runs the audit verb; audit verify and export still work', async () => {
    expect((await run('register', 'fraud-detector', 's3://m/1.pkl')).code).toBe(0);
    expect((await run('register', 'fraud-detector', 's3://m/2.pkl')).code).toBe(0);
    const one = await run('audit', 'fraud-detector', '--limit', '1', '--format', 'json');
    expect(one.err).toEqual([]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).events).toEqual([expect.objectContaining({ action: 'version.registered', target: 'model:fraud-detector' })]);
    expect((await run('audit')).out).toMatch(/version\.registered/);
    const bad = await run('audit', '--limit', 'two');
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([expect.stringMatching(/^steward: --limit: give a whole number from 1 to 200; got two\./)]);
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/^audit log intact: \d+ events verified/);
    const exported = await run('audit', 'export', '--format', 'json');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('steward help audit shows the verb and the verify/export subcommands', async () => {
    const r = await run('help', 'audit');
    expect(r.code).toBe(0);
    expect(r.out).toContain('steward audit [<model>] [options]');
    expect(r.out).toMatch(/verify\s+Walk the hash chain/);
  });

  it('token create ci-pipeline --role pipeline works on a default install', async () => {
    const r = await run('token', 'create', 'ci-pipeline', '--role', 'pipeline');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^stw_/);
    const unknown = await run('token', 'create', 'ci-2', '--role', 'pipelines');
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/pipelines is not a role; roles are admin, pipeline, viewer/);
  });
});
