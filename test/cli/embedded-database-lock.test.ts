import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StewardChild, startSteward, stewardOnce } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const children: StewardChild[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited; // before tempDir removes the data directory it writes to
  }
});

const dataDir = () => tempDir('lock');

function serve(dir: string): StewardChild {
  const c = startSteward({ STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0', STEWARD_USER: 'ci-bot' });
  children.push(c);
  return c;
}

/** The one line a second process gets while `steward start` (pid) holds the data directory. */
const refusal = (dir: string, pid: number) =>
  new RegExp(
    `^steward: the embedded database in ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in use by \`steward start\` \\(pid ${pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Run this in that Steward's console chat or through its HTTP API, or stop it first; to run several Steward processes at once, set DATABASE_URL to a shared PostgreSQL\\.\n$`,
  );

describe('one process per embedded database (real OS processes on one PGlite data directory)', () => {
  it('refuses a second process with one line naming the running steward start, which keeps working; after SIGTERM the next command runs', async () => {
    const dir = dataDir();
    const a = serve(dir);
    const [, url] = await a.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    await a.waitFor(/ci-bot> $/);

    const models = await stewardOnce(['models'], { STEWARD_DATA_DIR: dir });
    expect(models.code).toBe(4);
    expect(models.stdout).toBe('');
    expect(models.stderr).toMatch(refusal(dir, a.pid));

    const second = await stewardOnce(['start'], { STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0' });
    expect(second.code).toBe(4);
    expect(second.stdout).toBe(''); // not even the "starting" banner
    expect(second.stderr).toMatch(refusal(dir, a.pid));

    // the first one still serves: its HTTP API and its console
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    a.type('/mlops models');
    await a.waitFor(/Models \(0\)|No models/);

    a.proc.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect(existsSync(join(dir, 'steward.lock'))).toBe(false);
    const after = await stewardOnce(['register', 'churn', 's3://m/1'], { STEWARD_DATA_DIR: dir, STEWARD_USER: 'ci-bot' });
    expect(after.stderr).toBe('');
    expect(after).toMatchObject({ code: 0 });
    expect(after.stdout).toContain('Registered churn v1');
  }, 120_000);

  it('takes over the lock a SIGKILLed steward start left behind', async () => {
    const dir = dataDir();
    const a = serve(dir);
    await a.waitFor(/HTTP API listening on/);
    a.proc.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(join(dir, 'steward.lock'), 'utf8'))).toMatchObject({ pid: a.pid, command: 'start' }); // left behind

    const models = await stewardOnce(['models', '--format', 'json'], { STEWARD_DATA_DIR: dir });
    expect(models.stderr).toBe('');
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout)).toMatchObject({ models: [] });
    expect(existsSync(join(dir, 'steward.lock'))).toBe(false);
  }, 120_000);
});
