import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/db/open-database.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Corpora of malformed files — steward.yaml, CSV and Parquet reference data, JSON Lines predictions —
 * through the real CLI: each is refused with one line on stderr (no stack trace), exit 2, and nothing
 * is written to the database.
 */
const dir = tempDir('malformed');
const env = { STEWARD_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', STEWARD_USER: 'alice' };
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
async function run(argv: string[], extra: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { ...env, ...extra }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const auditCount = async () => {
  const db = await openDatabase({ kind: 'pglite', dataDir: env.STEWARD_DATA_DIR });
  try {
    const r = (await db.execute('select count(*)::int as n from audit_events')) as { n: number }[];
    return r[0]!.n;
  } finally {
    await db.close();
  }
};
const oneLine = (r: { code: number; err: string }, what: string) => {
  expect(r.code, `${what}: ${r.err}`).toBe(2);
  expect(r.err.trim().length, what).toBeGreaterThan(0);
  expect(r.err, what).not.toMatch(/\n\s+at |node_modules|Error: /);
};

const YAML: Record<string, string> = {
  'tab-indented': 'policies:\n\tproduction:\n\t\tapprovals: 2\n',
  'unclosed-flow': 'roles: { viewer: [read\n',
  'duplicate-keys': 'policies:\n  production: { approvals: 1 }\n  production: { approvals: 2 }\n',
  'wrong-types': 'environments: production\npolicies: []\n',
  'alias-bomb': `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
  'deep-nesting': `${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  binary: '\u0000\u0001\u0002PK\u0003\u0004garbage\uFFFD',
  'unknown-section': 'polices:\n  production: { approvals: 2 }\n',
  'bom-then-junk': '\uFEFF: : :\n',
};

const CSV: Record<string, string> = {
  'unterminated-quote': 'amount,country\n12.5,"DE\n13,FR\n',
  'ragged-rows': 'amount,country\n1,DE,extra\n2\n',
  semicolons: 'amount;country\n1;DE\n2;FR\n',
  'header-only': 'amount,country\n',
  empty: '',
  nul: 'amount,country\n1,D\u0000E\n',
  'duplicate-header': 'amount,amount\n1,2\n',
};

const JSONL: Record<string, string> = {
  'truncated-line': '{"id":"p1","features":{"amount":1},"prediction":1}\n{"id":"p2","features":{"amo',
  'not-an-object': '[1,2,3]\n',
  'nul-in-id': '{"id":"p\\u0000","features":{"amount":1},"prediction":1}\n',
  'missing-features': '{"id":"p1","prediction":1}\n',
  'bad-timestamp': '{"id":"p1","timestamp":"yesterday","features":{"amount":1},"prediction":1}\n',
  'duplicate-ids': '{"id":"p1","features":{"amount":1},"prediction":1}\n{"id":"p1","features":{"amount":2},"prediction":0}\n',
  'lone-surrogate': '{"id":"\\ud800","features":{"amount":1},"prediction":1}\n',
};

describe('malformed inputs: one line, exit 2, nothing written', () => {
  beforeAll(async () => {
    expect((await run(['register', 'churn', 's3://m/1', '--new-model'])).code).toBe(0);
    expect((await run(['reference', 'upload', 'churn', '1', file('good.csv', 'amount,country\n1,DE\n2,FR\n3,DE\n'), '--categorical', 'country'])).code).toBe(0);
  });

  it('steward.yaml: every malformed file is refused by config check and by any command', async () => {
    for (const [name, yaml] of Object.entries(YAML)) {
      const f = file(`${name}.yaml`, yaml);
      oneLine(await run(['config', 'check', f]), `config check ${name}`);
      const r = await run(['models'], { STEWARD_CONFIG: f });
      expect(r.code, name).toBe(2);
      expect(r.err, name).not.toMatch(/\n\s+at /);
    }
  });

  it('reference data: malformed CSV and Parquet change nothing', async () => {
    const before = await auditCount();
    const good = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'amount', data: [1, 2, 3], type: 'DOUBLE' }, { name: 'country', data: ['DE', 'FR', 'DE'], type: 'STRING' }] }));
    const parquet: Record<string, Uint8Array> = {
      truncated: good.subarray(0, Math.floor(good.length / 2)),
      'magic-only': Buffer.from('PAR1PAR1'),
      'random-with-magic': Buffer.concat([Buffer.from('PAR1'), Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256)), Buffer.from('PAR1')]),
      'footer-length-lie': Buffer.concat([good.subarray(0, good.length - 8), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.from('PAR1')]),
    };
    for (const [name, csv] of Object.entries(CSV)) oneLine(await run(['reference', 'upload', 'churn', '1', file(`${name}.csv`, csv), '--categorical', 'country']), `csv ${name}`);
    for (const [name, bytes] of Object.entries(parquet)) oneLine(await run(['reference', 'upload', 'churn', '1', file(`${name}.parquet`, bytes)]), `parquet ${name}`);
    expect(await auditCount()).toBe(before);
  });

  it('predictions: malformed JSON Lines change nothing', async () => {
    const before = await auditCount();
    for (const [name, jsonl] of Object.entries(JSONL)) oneLine(await run(['log-predictions', file(`${name}.jsonl`, jsonl), '--model', 'churn', '--version', '1', '--env', 'production']), `jsonl ${name}`);
    oneLine(await run(['log-predictions', file('invalid-utf8.jsonl', Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a])), '--model', 'churn', '--version', '1', '--env', 'production']), 'jsonl invalid-utf8');
    expect(await auditCount()).toBe(before);
  });
});
