import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromJsonColumns } from '../../../src/monitoring-io/json-table.js';
import { terminalProgress } from '../../../src/monitoring-io/progress.js';
import { readTable } from '../../../src/monitoring-io/read-table.js';

const dir = mkdtempSync(join(tmpdir(), 'steward-read-table-'));
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

describe('tableFromJsonColumns', () => {
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
