import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUse, dataDirHolder, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock.js';
import { tempDir } from '../helpers/temp-dir.js';

const dataDir = () => tempDir('lockunit');
const SINCE = new Date('2026-11-27T12:00:00.000Z');
const writeLock = (dir: string, holder: object) => writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ since: SINCE.toISOString(), procStart: null, command: 'start', ...holder })}\n`);
const deadPid = () => spawnSync('true').pid!; // ran and exited: nobody has this pid now

function refusal(f: () => unknown): DataDirInUse {
  try {
    f();
  } catch (e) {
    if (e instanceof DataDirInUse) return e;
    throw e;
  }
  throw new Error('the lock was taken, expected a refusal');
}

describe('the embedded data directory lock', () => {
  it('is held until released, and refuses a second holder meanwhile with what holds it and what to do', () => {
    const dir = dataDir();
    const lock = lockDataDir(dir, SINCE);
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), since: SINCE.toISOString() });
    const e = refusal(() => lockDataDir(dir));
    expect(e.holder.pid).toBe(process.pid);
    expect(e.message).toMatch(new RegExp(`^the embedded database in ${dir} is in use by (another Steward process|\`steward \\S+\`) \\(pid ${process.pid}, since 2026-11-27 12:00:00 UTC\\)\\. .*set DATABASE_URL to a shared PostgreSQL\\.$`));
    expect(dataDirHolder(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(dataDirHolder(dir)).toBeNull();
    lockDataDir(dir).release(); // free again
  });

  it('names `steward start` and points to its console chat or HTTP API when that is the holder', () => {
    const dir = dataDir();
    writeLock(dir, { pid: process.ppid, host: hostname(), command: 'start' });
    expect(refusal(() => lockDataDir(dir)).message).toBe(
      `the embedded database in ${dir} is in use by \`steward start\` (pid ${process.ppid}, since 2026-11-27 12:00:00 UTC). Run this in that Steward's console chat or through its HTTP API, or stop it first; to run several Steward processes at once, set DATABASE_URL to a shared PostgreSQL.`,
    );
    writeLock(dir, { pid: process.ppid, host: hostname(), command: 'log-predictions' });
    expect(refusal(() => lockDataDir(dir)).message).toContain('in use by `steward log-predictions` (pid');
    expect(refusal(() => lockDataDir(dir)).message).toContain('Wait for it to finish or stop it, then run this again; to run several');
  });

  it('takes over a lock whose process is gone, whose pid now belongs to another process, or that is unreadable', () => {
    for (const stale of [{ pid: deadPid() }, { pid: process.ppid, procStart: 'not-its-start-time' }]) {
      const dir = dataDir();
      writeLock(dir, { host: hostname(), ...stale });
      const lock = lockDataDir(dir);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      lock.release();
    }
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    lockDataDir(dir).release();
  });

  it('takes over a lock with its own pid that it does not hold (a restarted container reuses pids)', () => {
    const dir = dataDir();
    writeLock(dir, { pid: process.pid, host: hostname() });
    const lock = lockDataDir(dir);
    expect(refusal(() => lockDataDir(dir)).holder.pid).toBe(process.pid); // now it is held here
    lock.release();
  });

  it('on another host: refuses while the holder refreshes the file, takes it over once it stopped for a minute', () => {
    const dir = dataDir();
    writeLock(dir, { pid: 1, host: 'other-host' });
    expect(refusal(() => lockDataDir(dir)).message).toContain('(pid 1 on host other-host, since 2026-11-27 12:00:00 UTC)');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    lockDataDir(dir).release();
  });

  it('release removes only its own lock file', () => {
    const dir = dataDir();
    const lock = lockDataDir(dir);
    writeLock(dir, { pid: process.ppid, host: hostname() }); // someone replaced it (by hand)
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

describe('the embedded data directory lock under contention (real OS processes)', () => {
  it('lets exactly one of several processes take over a stale lock at the same moment', async () => {
    const dir = dataDir();
    writeLock(dir, { pid: deadPid(), host: hostname() });
    const go = join(dir, 'go');
    const racers = Array.from({ length: 4 }, () => {
      const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lock-contender.ts'), dir, go], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      p.stdout!.on('data', (d) => (out += String(d)));
      return { p, out: () => out };
    });
    const settled = async (pred: (o: string) => boolean) => {
      while (!racers.every((r) => pred(r.out()))) await new Promise((r) => setTimeout(r, 20));
    };
    await settled((o) => o.includes('ready'));
    writeFileSync(go, '');
    await settled((o) => /won|refused|error/.test(o));
    const outcomes = racers.map((r) => r.out().replace('ready\n', '').trim()).sort();
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'won']);
    for (const r of racers) r.p.stdin!.end();
    await Promise.all(racers.map((r) => new Promise((ok) => (r.p.exitCode !== null ? ok(null) : r.p.once('exit', ok)))));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);
});
