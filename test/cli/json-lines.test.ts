import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { jsonLinesRows } from '../../src/cli/json-lines.js';
import type { RawRow } from '../../src/monitoring/log-predictions.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('json-lines');
let files = 0;

function fileWith(content: string | Buffer): string {
  const file = join(dir, `rows-${++files}.jsonl`);
  writeFileSync(file, content);
  return file;
}

async function all(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** What `steward log-predictions` read before the read-ahead reader: node:readline, line by line. */
async function* readlineRows(file: string): AsyncIterable<RawRow> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const line = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') continue;
    try {
      yield { where: `line ${n}`, raw: JSON.parse(line) };
    } catch (e) {
      yield { where: `line ${n}`, problem: `line ${n}: not valid JSON (${(e as Error).message.split('\n')[0]})` };
      return;
    }
  }
}

const row = (i: number, note = '') => JSON.stringify({ id: `p${i}`, features: { amount: i * 1.25, city: `Zürich ✓ 😀${note}` }, prediction: i % 2 });

describe('JSON Lines read ahead (steward log-predictions FILE)', () => {
  const cases: [string, string | Buffer][] = [
    ['plain lines with a final newline', `${row(1)}\n${row(2)}\n`],
    ['no final newline', `${row(1)}\n${row(2)}`],
    ['CRLF, a lone CR, blank and whitespace-only lines', `${row(1)}\r\n\r\n${row(2)}\r${row(3)}\n   \n\t\n${row(4)}\r\n`],
    ['a byte-order mark on the first line', `\ufeff${row(1)}\n${row(2)}\n`],
    ['a blank first line after the byte-order mark', `\ufeff\n${row(1)}\n`],
    ['a bad line ends the rows, naming its line', `${row(1)}\n\n${row(2)}\n{"id": "p3",\n${row(4)}\n`],
    ['an empty file', ''],
    ['only blank lines', '\n\r\n  \n'],
    ['JSON values that are not objects', '1\n"text"\nnull\n[1,2]\n'],
  ];
  for (const [name, content] of cases) {
    it(`reads as node:readline did: ${name}`, async () => {
      const file = fileWith(content);
      expect(await all(jsonLinesRows(file))).toEqual(await all(readlineRows(file)));
    });
  }

  it('reads files larger than its read size the same: multi-byte characters and CRLF split across reads, a bad line far in', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => row(i, 'é'.repeat(i % 7)));
    const crlf = lines.join('\r\n');
    const file = fileWith(`${crlf}\r\n`);
    const got = await all(jsonLinesRows(file));
    expect(got).toEqual(await all(readlineRows(file)));
    expect(got).toHaveLength(30_000);
    // the same rows shifted by 1–5 bytes, so that the read boundaries split CRLFs and multi-byte characters differently
    for (let shift = 1; shift <= 5; shift++) {
      const f = fileWith(`${' '.repeat(shift)}${crlf}\r\n`);
      expect(await all(jsonLinesRows(f))).toEqual(await all(readlineRows(f)));
    }
    const broken = fileWith(`${lines.slice(0, 25_000).join('\n')}\n{oops\n${lines.slice(25_000).join('\n')}\n`);
    const rows = await all(jsonLinesRows(broken));
    expect(rows).toHaveLength(25_001);
    expect(rows.at(-1)).toEqual({ where: 'line 25001', problem: expect.stringMatching(/^line 25001: not valid JSON \(/) });
    expect(rows).toEqual(await all(readlineRows(broken)));
  });

  it('a CRLF and a 4-byte character split exactly at the 256 KiB read boundary', async () => {
    const READ = 256 * 1024;
    // line 1 is a JSON string of READ − 1 bytes: its \r is the last byte of the first read, its \n the first of the next
    const crlfSplit = `"${'a'.repeat(READ - 3)}"\r\n${row(2)}\r\n`;
    // a 4-byte emoji starting 2 bytes before the boundary
    const emojiSplit = `"${'b'.repeat(READ - 3)}😀"\n${row(2)}\n`;
    for (const content of [crlfSplit, emojiSplit]) {
      const file = fileWith(content);
      const got = await all(jsonLinesRows(file));
      expect(got).toEqual(await all(readlineRows(file)));
      expect(got.map((r) => r.where)).toEqual(['line 1', 'line 2']);
    }
    expect(Buffer.from(crlfSplit).subarray(READ - 1, READ + 1).toString()).toBe('\r\n');
    expect(Buffer.from(emojiSplit).subarray(READ - 2, READ + 2).toString()).toBe('😀');
  });

  it('a consumer that stops early stops the reading (no read left running)', async () => {
    const file = fileWith(`${Array.from({ length: 50_000 }, (_, i) => row(i)).join('\n')}\n`);
    let n = 0;
    for await (const r of jsonLinesRows(file)) {
      expect(r).toMatchObject({ where: `line ${n + 1}` });
      if (++n === 10) break;
    }
    expect(n).toBe(10);
  });

  it('a missing file is an error of the read, as before', async () => {
    await expect(all(jsonLinesRows(join(dir, 'nope.jsonl')))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(all(readlineRows(join(dir, 'nope.jsonl')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
