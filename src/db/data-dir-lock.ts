import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';

/**
 * PGlite allows one process per data directory, and nothing in it stops a second one. This lock
 * does: `<data dir>/steward.lock` is created atomically (a hard link of a fully written file, so
 * nobody ever reads it half-written) and holds who took it; it is removed on close and at exit.
 * A lock left behind is taken over when its holder is gone: on this host, its pid is not running
 * (or now belongs to another process: the start time in /proc differs); on another host (a new
 * container on the same volume), its holder stopped refreshing the file's mtime.
 */
export const LOCK_FILE = 'steward.lock';
const REFRESH_MS = 10_000;
/** A lock from another host is stale when its mtime is older than this (6 missed refreshes). */
const OTHER_HOST_STALE_MS = 60_000;
/** A takeover guard older than this was left by a process that died mid-takeover. */
const GUARD_STALE_MS = 10_000;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO instant the lock was taken */
  readonly since: string;
  /** the holder's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid */
  readonly procStart: string | null;
  /** e.g. "start" for `steward start`, when known */
  readonly command: string | null;
}

/** Thrown by openDatabase when another live process holds the data directory. */
export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(inUseLine(dir, holder));
    this.name = 'DataDirInUse';
  }
}

/** The one line a refused process prints (after "steward: "): who holds it, since when, what to do. */
export function inUseLine(dir: string, h: LockHolder): string {
  const who = h.command ? `\`steward ${h.command}\`` : 'another Steward process';
  const where = h.host === hostname() ? '' : ` on host ${h.host}`;
  const since = Number.isNaN(Date.parse(h.since)) ? h.since : `${new Date(h.since).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const todo = h.command === 'start' ? "Run this in that Steward's console chat or through its HTTP API, or stop it first" : 'Wait for it to finish or stop it, then run this again';
  return `the embedded database in ${dir} is in use by ${who} (pid ${h.pid}${where}, since ${since}). ${todo}; to run several Steward processes at once, set DATABASE_URL to a shared PostgreSQL.`;
}

export interface DataDirLock {
  release(): void;
}

/** Lock files this process holds (path -> its content), released at exit if not before. */
const held = new Map<string, string>();
let exitHook = false;

/** Take the data directory's lock for this process, or throw DataDirInUse naming the live holder. */
export function lockDataDir(dataDir: string, now: Date = new Date()): DataDirLock {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: now.toISOString(), procStart: procStart(process.pid), command: invokedCommand() };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createExclusive(path, content)) return hold(path, content);
    const seen = readText(path);
    if (seen === null) continue; // released meanwhile: try again
    const holder = parseHolder(seen);
    if (holder && isAlive(holder, path)) throw new DataDirInUse(dir, holder);
    if (!removeIfUnchanged(path, seen)) sleep(20); // another process is taking it over: look again
  }
  const last = parseHolder(readText(path) ?? '');
  throw new DataDirInUse(dir, last ?? { pid: 0, host: '?', since: '?', procStart: null, command: null });
}

/** The live process holding the data directory's lock, if any (a look only: nothing is taken). */
export function dataDirHolder(dataDir: string): LockHolder | null {
  const path = join(resolve(dataDir), LOCK_FILE);
  const holder = parseHolder(readText(path) ?? '');
  return holder && isAlive(holder, path) ? holder : null;
}

function hold(path: string, content: string): DataDirLock {
  held.set(path, content);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const [p, c] of held) removeOwn(p, c);
    });
  }
  const refresh = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      /* a missing file is reported by the next process that looks */
    }
  }, REFRESH_MS);
  refresh.unref();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      held.delete(path);
      removeOwn(path, content);
    },
  };
}

/** Create `path` with `content` only if it does not exist: write a private file, then hard-link it. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, content, { mode: 0o644 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function isAlive(h: LockHolder, path: string): boolean {
  if (h.host !== hostname()) {
    const m = mtimeMs(path);
    return m !== null && Date.now() - m < OTHER_HOST_STALE_MS;
  }
  // the same pid as ours is either this process (held here) or an earlier one that had our pid (a container restarted)
  if (h.pid === process.pid) return held.has(path);
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const start = procStart(h.pid);
  return !(h.procStart && start && start !== h.procStart);
}

/** Remove a stale lock, but only if it is still the one we judged stale (one takeover at a time). */
function removeIfUnchanged(path: string, seen: string): boolean {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const m = mtimeMs(guard);
    if (m !== null && Date.now() - m > GUARD_STALE_MS) tryUnlink(guard);
    return false;
  }
  try {
    if (readText(path) === seen) tryUnlink(path);
  } finally {
    closeSync(fd);
    tryUnlink(guard);
  }
  return true;
}

function removeOwn(path: string, content: string): void {
  if (readText(path) === content) tryUnlink(path);
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.since !== 'string') return null;
    return { pid: h.pid, host: h.host, since: h.since, procStart: typeof h.procStart === 'string' ? h.procStart : null, command: typeof h.command === 'string' ? h.command : null };
  } catch {
    return null; // unreadable: not a lock anyone can be holding (it is created whole)
  }
}

/** Field 22 of /proc/<pid>/stat (start time since boot); null where there is no /proc. */
function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** "start" when this process is `steward start …` (bin/steward.js or src/cli/main.ts); null otherwise. */
function invokedCommand(): string | null {
  const entry = basename(process.argv[1] ?? '');
  if (!['steward', 'steward.js', 'main.ts'].includes(entry)) return null;
  return process.argv.slice(2).find((a) => !a.startsWith('-')) ?? null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function mtimeMs(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
