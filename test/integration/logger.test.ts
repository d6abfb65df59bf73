import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { configuredSecrets } from '../../src/config/configured-secrets.js';
import { drivers, freshDatabase } from '../helpers/databases.js';
import { configFromYaml } from '../helpers/test-config.js';

function capture() {
  const lines: string[] = [];
  return { lines, stream: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never };
}

describe('the logger', () => {
  it('redacts a configured secret wherever it appears in a written line (error message, stack, message text)', () => {
    const config = configFromYaml('targets:\n  production:\n    kind: webhook\n    url: https://deploy.example/hook\n    secretEnv: HOOK_SECRET\n', { HOOK_SECRET: 'whsec-9f8e7d6c5b4a' });
    const { lines, stream } = capture();
    const log = createLogger('info', stream, configuredSecrets(config));
    log.error({ err: new Error('receiver answered 401: {"echo": "whsec-9f8e7d6c5b4a"}'), target: 'production' }, 'deploy call failed for whsec-9f8e7d6c5b4a');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('whsec-9f8e7d6c5b4a');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'deploy call failed for [redacted]', err: { type: 'Error', message: expect.stringContaining('[redacted]') } });
  });

  it.each(drivers())('writes a failed statement on %s as its type, message, code and frames: no parameters, no query values, no row quoted by PostgreSQL', async (driver) => {
    const db = await freshDatabase(driver);
    try {
      await db.execute('create table h2_rows (id int primary key, group_name text check (length(group_name) < 5))');
      const { lines, stream } = capture();
      const log = createLogger('info', stream);
      const failed = await db.db.execute(sql`insert into h2_rows (id, group_name) values (${1}, ${'SENSITIVE-GROUP-7f3a'})`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(Error);
      log.error({ err: failed }, 'http handler failed');
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain('SENSITIVE');
      const err = JSON.parse(lines[0]!).err;
      expect(err).toMatchObject({ type: 'DrizzleQueryError', message: 'Failed query: insert into h2_rows (id, group_name) values ($1, $2)', cause: { message: expect.stringMatching(/violates check constraint "h2_rows_group_name_check"/), code: '23514' } });
      expect(err.stack).toMatch(/^DrizzleQueryError: Failed query: insert into h2_rows[^\n]*\n\s+at /);
      expect(Object.keys(err)).not.toEqual(expect.arrayContaining(['params']));
      expect(Object.keys(err.cause)).not.toEqual(expect.arrayContaining(['detail']));
    } finally {
      await db.close();
    }
  });

  it('cuts a long statement to its first 200 characters and a long message to 300', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    const e = Object.assign(new Error(`Failed query: select ${'x, '.repeat(500)}1\nparams: SECRET-PARAM`), { query: `select ${'x, '.repeat(500)}1`, params: ['SECRET-PARAM'] });
    log.error({ err: e }, 'failed');
    log.error({ err: new Error('y'.repeat(5000)) }, 'failed');
    const [a, b] = lines.map((l) => JSON.parse(l).err);
    expect(a.message).toHaveLength('Failed query: '.length + 200);
    expect(lines[0]).not.toContain('SECRET-PARAM');
    expect(b.message).toHaveLength(300);
  });
});
