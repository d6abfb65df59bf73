import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/cli/audit-commands.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('steward audit export', () => {
  it('without --format says on stderr that it writes JSON, and writes JSON on stdout', async () => {
    const env = { STEWARD_DATA_DIR: tempDir('audit-export'), LOG_LEVEL: 'silent', STEWARD_USER: 'ci' };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await main(['register', 'churn', 's3://m/1'], env, io)).toBe(0);
    out.length = 0;
    expect(await main(['audit', 'export'], env, io)).toBe(0);
    expect(err).toEqual(['steward: no --format given; writing JSON (use --format csv for CSV)']);
    expect(JSON.parse(out.join('\n')).map((e: { action: string }) => e.action)).toEqual(['model.registered', 'version.registered']);
    err.length = 0;
    expect(await main(['audit', 'export', '--format', 'json'], env, io)).toBe(0);
    expect(err).toEqual([]);
  });

  it('--format csv prefixes a cell a spreadsheet would run as a formula (= + - @ tab CR) with a single quote', () => {
    expect(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'].map(csvCell)).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1+1", "'-2+3", "'@SUM(A1)", "'\tcmd", `"'\rcmd"`]);
    expect(['model:churn', 'a,b', 'x=1', '', null, 7, { version: 1 }].map(csvCell)).toEqual(['model:churn', '"a,b"', 'x=1', '', '', '7', '"{""version"":1}"']);
  });
});
