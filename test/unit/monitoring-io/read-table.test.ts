import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { tableFromJsonColumns } from '../../../src/monitoring/io/json-table.js';
import { terminalProgress } from '../../../src/monitoring/io/progress.js';
import { readTable } from '../../../src/monitoring/io/read-table.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('read-table');
const csv = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readTable (CSV)', () => {
  it('infers kinds: numbers (plain, exponent, signed) are numeric; text and booleans categorical; empty is missing', async () => {
    const r = await readTable({ file: csv('k.csv', '\ufeffa,b,c,d\n1.5, x ,true,-2e3\n,"y, z",false,\n.5,x,,+7\n') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows).toBe(3);
    expect(r.value.columns).toEqual([
      { name: 'a', kind: 'numeric', values: new Float64Array([1.5, Number.NaN, 0.5]) },
      { name: 'b', kind: 'categorical', codes: new Int32Array([0, 1, 0]), categories: ['x', 'y, z'] },
      { name: 'c', kind: 'categorical', codes: new Int32Array([0, 1, -1]), categories: ['true', 'false'] },
      { name: 'd', kind: 'numeric', values: new Float64Array([-2000, Number.NaN, 7]) },
    ]);
  });

  it('a column that turns out not to be numeric late in the file is read again as categories, exactly as written', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}.50,${i}`).join('\n');
    const r = await readTable({ file: csv('late.csv', `a,b\n${lines}\nNaN,5000\n`) });
    if (!r.ok) throw new Error(r.error.message);
    const a = r.value.columns[0]!;
    expect(a.kind).toBe('categorical');
    if (a.kind === 'categorical') {
      expect(a.categories.slice(0, 2)).toEqual(['0.50', '1.50']);
      expect(a.categories.at(-1)).toBe('NaN');
    }
    expect(r.value.columns[1]!.kind).toBe('numeric');
  });

  it('hex, Infinity and numbers with units are not numbers', async () => {
    const r = await readTable({ file: csv('odd.csv', 'a,b,c\n0x10,Infinity,5kg\n1,2,3\n') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.columns.map((c) => c.kind)).toEqual(['categorical', 'categorical', 'categorical']);
  });

  it('refuses duplicate and empty header names', async () => {
    expect(await readTable({ file: csv('dup.csv', 'a,a\n1,2\n') })).toMatchObject({ ok: false, error: { message: 'dup.csv: the header names column "a" twice' } });
    expect(await readTable({ file: csv('noname.csv', 'a,\n1,2\n') })).toMatchObject({ ok: false, error: { message: 'noname.csv: column 2 of the header has no name' } });
  });
});

describe('readTable refuses what it would misread', () => {
  it('a header that looks semicolon-, tab- or pipe-separated, saying why', async () => {
    expect(await readTable({ file: csv('semi.csv', 'age;income;city\n31;52000;Paris\n') })).toEqual({ ok: false, error: { code: 'bad_input', message: 'semi.csv: the header "age;income;city" looks semicolon-separated; Steward reads comma-separated CSV: save the file with commas as the delimiter' } });
    expect(await readTable({ bytes: Buffer.from('age\tincome\n31\t52000\n'), format: 'csv', label: 'request body' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^request body: the header "age\\tincome" looks tab-separated; Steward reads comma-separated CSV/) } });
    expect(await readTable({ file: csv('pipe.csv', 'a|b\n1|2\n') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/looks pipe-separated/) } });
    const one = await readTable({ file: csv('one.csv', 'age\n31\n') });
    expect(one.ok && one.value.columns.map((c) => c.name)).toEqual(['age']);
  });

  it('a categorical name that is not a column (CSV and Parquet), listing the columns', async () => {
    expect(await readTable({ file: csv('cat.csv', 'age,zip\n31,75001\n') }, { categorical: ['zip', 'zipcode'] })).toEqual({ ok: false, error: { code: 'bad_input', message: 'cat.csv: categorical names "zipcode", which is not a column; its columns are age, zip' } });
    const pq = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'age', type: 'DOUBLE', data: [31] }] }));
    expect(await readTable({ bytes: pq, format: 'parquet', label: 'request body' }, { categorical: ['city'] })).toEqual({ ok: false, error: { code: 'bad_input', message: 'request body: categorical names "city", which is not a column; its columns are age' } });
  });
});

describe('tableFromJsonColumns', () => {
  it('refuses a categorical name that is not a column, from the caller or the body, and a "categorical" that is not a list of names', () => {
    const columns = { age: [31, 45], zip: [75001, 69001] };
    expect(tableFromJsonColumns({ columns }, 'request body', ['city'])).toEqual({ ok: false, error: { code: 'bad_input', message: 'request body: categorical names "city", which is not a column; its columns are age, zip' } });
    expect(tableFromJsonColumns({ columns, categorical: ['zip', 'town'] }, 'request body')).toMatchObject({ ok: false, error: { message: 'request body: categorical names "town", which is not a column; its columns are age, zip' } });
    expect(tableFromJsonColumns({ columns, categorical: 'zip' }, 'request body')).toMatchObject({ ok: false, error: { message: 'request body: "categorical" must be an array of column names, e.g. ["zip"]' } });
    const ok = tableFromJsonColumns({ columns, categorical: ['zip'] }, 'request body');
    expect(ok.ok && ok.value.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical']);
  });

  it('applies the CSV kind rules to JSON columns', () => {
    const r = tableFromJsonColumns({ columns: { n: [1, '2.5', null], t: ['a', 1, true] } }, 'body');
    expect(r).toEqual({ ok: true, value: { source: 'body', rows: 3, columns: [
      { name: 'n', kind: 'numeric', values: new Float64Array([1, 2.5, Number.NaN]) },
      { name: 't', kind: 'categorical', codes: new Int32Array([0, 1, 2]), categories: ['a', '1', 'true'] },
    ] } });
  });
});

describe('progress bar', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, s: { isTTY, columns: 80, write: (x: string) => (out.push(x), true) } };
  };
  it('draws on a terminal for big files, throttled, and clears itself', () => {
    let t = 0;
    const { out, s } = stream(true);
    const p = terminalProgress('reading big.csv', 100 << 20, s, { now: () => t });
    p.update(10 << 20, 100 << 20);
    t = 50;
    p.update(20 << 20, 100 << 20); // throttled
    t = 200;
    p.update(50 << 20, 100 << 20);
    p.done();
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^\rreading big\.csv \[#{3}\.{27}\]  10%  10\/100 MB$/);
    expect(out[1]).toMatch(/ 50%/);
    expect(out[2]).toMatch(/^\r +\r$/);
  });
  it('stays silent when stderr is not a terminal or the file is small', () => {
    const a = stream(false);
    terminalProgress('x', 100 << 20, a.s, { now: () => 1e9 }).update(1, 2);
    const b = stream(true);
    terminalProgress('x', 1000, b.s, { now: () => 1e9 }).update(1, 2);
    expect([...a.out, ...b.out]).toEqual([]);
  });
});
