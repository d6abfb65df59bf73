import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('row-counts');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { STEWARD_DATA_DIR: '/nonexistent-steward-dir', LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
}

describe('a count of one row is "1 row"', () => {
  it('steward drift: "one.csv (1 row) vs reference ref.csv (3 rows)"', async () => {
    const ref = file('ref.csv', 'amount,country\n1,DE\n2,FR\n3,DE\n');
    const one = file('one.csv', 'amount,country\n2,DE\n');
    const r = await run('drift', '--reference', ref, '--current', one, '--categorical', 'country');
    expect(r.err).toEqual([]);
    expect(r.out.split('\n')[0]).toMatch(/^Drift: one\.csv \(1 row\) vs reference ref\.csv \(3 rows\)$/);
  });

  it('steward bias: "one.csv (1 row)"', async () => {
    const one = file('one-bias.csv', 'sex,label,pred\nf,1,1\n');
    const r = await run('bias', '--data', one, '--sensitive', 'sex', '--label', 'label', '--prediction', 'pred');
    expect(r.err).toEqual([]);
    expect(r.out.split('\n')[0]).toMatch(/^Bias: one-bias\.csv \(1 row\), label label, prediction pred$/);
  });
});
