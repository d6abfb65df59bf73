import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { root, stewardOnce } from '../helpers/steward-process.js';

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('steward --version', () => {
  it.each([['--version'], ['-V']])('%s prints the version from package.json, exit 0', async (flag) => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await main([flag], {}, { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(0);
    expect(out).toEqual([version]);
    expect(err).toEqual([]);
  });

  it("is steward's option only: a command's own --version N (log-predictions) is that command's", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['log-predictions', '/nonexistent/p.jsonl', '--model', 'm', '--version', '1', '--env', 'staging'], { STEWARD_DATA_DIR: '/nonexistent-steward-dir', LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(out).not.toContain(version);
    expect(err.join('\n')).toMatch(/p\.jsonl/);
    expect(code).toBe(2);
  });

  it('as a real process: the version alone on stdout, exit 0', async () => {
    expect(await stewardOnce(['--version'], {})).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  }, 60_000);
});
