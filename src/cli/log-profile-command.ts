import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../app/logger.js';
import { openRuntime } from '../app/runtime.js';
import { exitCodeFor } from '../chat/exit-codes.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { systemClock } from '../core/clock.js';
import { ERROR_CODES, type ErrorCode, err, ok, type Result } from '../core/result.js';
import { whoFrom } from '../governance/audit-who.js';
import type { Actor } from '../governance/domain/actor.js';
import { type BasisJson, basisJsonSchema } from '../monitoring/domain/profile/basis-json.js';
import type { ProfileJson } from '../monitoring/domain/profile/profile-json.js';
import { checkEnvironment, checkPermission } from '../monitoring/log-predictions.js';
import type { ProfiledFile } from '../monitoring/profile-file.js';
import { HOUR_MS } from '../monitoring/profile-writes.js';
import { readProfileBasis } from '../monitoring/read-profile-basis.js';
import { MAX_UPLOAD_HOURS, parseHour, uploadProfiles } from '../monitoring/upload-profile.js';
import type { CliIo } from './cli-io.js';
import { loadOrExit } from './load-or-exit.js';
import type { ProfileWorkerData } from './log-profile-worker.js';
import { nameList } from './monitoring-cli-shared.js';
import { counted } from '../core/format.js';

type Env = Record<string, string | undefined>;

export interface LogProfileOptions {
  readonly model: string;
  readonly version: string;
  readonly env: string;
  readonly hour?: string;
  readonly sensitive?: string;
}

/**
 * One request's body at most this big (a server takes 50 MB unless configured otherwise): the
 * profiles kept in memory at once (profile-file.ts, OPEN_BYTES) fit in one.
 */
const REQUEST_BYTES = 40 * 1024 * 1024;
const TIMEOUT_MS = 300_000;

/**
 * `steward log-profile FILE --model M --version N --env E [--hour ISO] [--sensitive a,b]`: the
 * hourly profiles of a CSV or Parquet file of predictions, built here in bounded memory
 * (monitoring/profile-file.ts), and only they are sent: with STEWARD_URL and STEWARD_TOKEN to a
 * running Steward over HTTP (GET the basis, POST the profiles), else into the configured database
 * like the other one-shot commands. Prints one line: rows profiled, hours, bytes sent.
 */
export async function logProfileCommand(io: CliIo, env: Env, file: string, o: LogProfileOptions): Promise<number> {
  const line = (message: string, code: number) => {
    io.err(`steward: ${message.replace(/`/g, '').replace(/\s+/g, ' ')}`);
    return code;
  };
  const m = /^v?(\d{1,9})$/i.exec(o.version);
  if (!m || Number(m[1]) < 1) return line(`"${o.version}" is not a version number: use 7 or v7`, 2);
  const version = Number(m[1]);
  const sensitive = nameList(io, '--sensitive', o.sensitive) ?? [];
  let hour: Date;
  if (o.hour !== undefined) {
    const h = parseHour(o.hour, '--hour');
    if (!h.ok) return line(h.problem, 2);
    hour = h.value;
  } else hour = new Date(Math.floor(systemClock.now().getTime() / HOUR_MS) * HOUR_MS);
  if (!existsSync(file)) return line(`${file}: no such file`, 2);
  const url = env.STEWARD_URL?.trim() || undefined;
  const token = env.STEWARD_TOKEN?.trim() || undefined;
  if ((url === undefined) !== (token === undefined)) return line(`${url ? 'STEWARD_TOKEN' : 'STEWARD_URL'} is not set: set both STEWARD_URL and STEWARD_TOKEN to send the profiles to a running Steward, or neither to write them to the configured database`, 2);
  if (url !== undefined) {
    const problem = urlProblem(url);
    if (problem !== null) return line(problem, 2);
  }
  const label = basename(file);
  const input = { model: o.model, version, environment: o.env };

  let bytes = 0;
  let requests = 0;
  let sentRows = 0;
  let sentHours = 0;
  const run = async (basis: BasisJson, send: (items: { hour: string; profile: ProfileJson }[], json: string[]) => Promise<Result<unknown>>): Promise<number> => {
    /** The profiles of some hours, in requests of at most REQUEST_BYTES and MAX_UPLOAD_HOURS profiles. */
    const sendHours = async (hours: readonly [number, ProfileJson][]): Promise<Result<unknown>> => {
      const items = [...hours].sort((a, b) => a[0] - b[0]).map(([h, profile]) => ({ hour: new Date(h).toISOString(), profile }));
      let batch: typeof items = [];
      let json: string[] = [];
      let size = 0;
      const post = async (): Promise<Result<unknown>> => {
        if (!batch.length) return ok(undefined);
        const r = await send(batch, json);
        if (!r.ok) return r;
        sentRows += batch.reduce((a, b) => a + b.profile.rows, 0);
        sentHours += batch.length;
        batch = [];
        json = [];
        size = 0;
        return r;
      };
      for (const it of items) {
        const j = JSON.stringify(it);
        if (batch.length && (size + j.length > REQUEST_BYTES || batch.length >= MAX_UPLOAD_HOURS)) {
          const r = await post();
          if (!r.ok) return r;
        }
        batch.push(it);
        json.push(j);
        size += j.length;
      }
      return post();
    };
    const r = await profileOnWorker({ file, label, sensitive, hourMs: hour.getTime(), hourGiven: o.hour !== undefined, basis }, sendHours);
    if (!r.ok) {
      const before = sentHours ? ` (${counted(sentRows, 'row')} in ${counted(sentHours, 'hourly profile')} ${sentHours === 1 ? 'was' : 'were'} sent before this and ${sentHours === 1 ? 'is' : 'are'} kept)` : '';
      return line(`${r.error.message}${before}`, exitCodeFor(r.error.code));
    }
    const { rows, hours } = r.value;
    const span = hours.length === 1 ? short(hours[0]!) : `${short(hours[0]!)} to ${short(hours[hours.length - 1]!)}`;
    const where = url ? `sent ${bytes} bytes to ${shownUrl(url)} (${requests} request${requests === 1 ? '' : 's'})` : `wrote ${bytes} bytes of profiles to the database (${requests} transaction${requests === 1 ? '' : 's'})`;
    io.out(`Profiled ${counted(rows, 'row')} of ${label} into ${counted(hours.length, 'hourly profile')} (${span}) for ${o.model} v${version} in ${o.env}; ${where}.`);
    return 0;
  };

  if (url && token) {
    const client = new StewardClient(url, token);
    const got = await client.basis(o.model, version, o.env);
    if (!got.ok) return line(got.error.message, exitCodeFor(got.error.code));
    return run(got.value, async (_items, json) => {
      const body = `{"model":${JSON.stringify(o.model)},"version":${version},"environment":${JSON.stringify(o.env)},"profiles":[${json.join(',')}]}`;
      const r = await client.post('/api/v1/profiles', body);
      if (r.ok) {
        bytes += Buffer.byteLength(body);
        requests++;
      }
      return r;
    });
  }

  const config = loadOrExit(io, env);
  const envOk = checkEnvironment(config, o.env);
  if (!envOk.ok) return line(envOk.error.message, exitCodeFor(envOk.error.code));
  const actor: Actor = { platform: 'cli', id: config.cliUser, displayName: config.cliUser };
  const allowed = checkPermission(config, actor, 'log-predictions', 'write', o.env);
  if (!allowed.ok) return line(allowed.error.message, exitCodeFor(allowed.error.code));
  const rt = await openRuntime(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    const deps = rt.steward.commands;
    const got = await readProfileBasis(deps, o.model, version);
    if (!got.ok) return line(got.error.message, exitCodeFor(got.error.code));
    return await run(got.value, async (items, json) => {
      const r = await uploadProfiles(deps, whoFrom(actor, 'cli'), input, items.map((it, i) => ({ where: `profiles[${i}]`, hour: it.hour, profile: it.profile })));
      if (r.ok) {
        bytes += json.reduce((a, j) => a + Buffer.byteLength(j), 0);
        requests++;
      }
      return r;
    });
  } finally {
    await rt.close();
  }
}

/**
 * The worker's heap cap, MB: a capped heap is collected before it grows, which is what keeps
 * `log-profile`'s memory low (bench/README.md, "Profiles from where the data lives"). A file whose
 * decoded pages need more (very many columns, very large pages) is read again with RETRY_HEAP_MB,
 * as long as nothing was sent yet.
 */
const WORKER_HEAP_MB = 128;
const RETRY_HEAP_MB = 2048;

type Outcome = Result<ProfiledFile> | 'out of memory';

/**
 * Reads and profiles the file on a worker thread with a capped heap (log-profile-worker.ts),
 * handing each set of hour profiles to `send` as it is ready; the worker waits for each.
 */
async function profileOnWorker(data: ProfileWorkerData, send: (hours: readonly [number, ProfileJson][]) => Promise<Result<unknown>>): Promise<Result<ProfiledFile>> {
  let sent = false;
  const counting = async (hours: readonly [number, ProfileJson][]) => {
    sent = true;
    return send(hours);
  };
  const first = await runWorker(data, counting, WORKER_HEAP_MB);
  if (first !== 'out of memory') return first;
  const again = sent ? first : await runWorker(data, counting, RETRY_HEAP_MB);
  return again !== 'out of memory' ? again : err('unavailable', `${data.label}: reading it needed more memory than log-profile allows (${sent ? WORKER_HEAP_MB : RETRY_HEAP_MB} MB of heap)${sent ? '' : '; its pages are very large: write it with smaller pages and row groups'}`);
}

function runWorker(data: ProfileWorkerData, send: (hours: readonly [number, ProfileJson][]) => Promise<Result<unknown>>, heapMb: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const worker = heapCappedWorker(new URL('./log-profile-worker.js', import.meta.url), data, heapMb);
    let failure: Result<never> | null = null;
    let settled = false;
    const settle = (r: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(r);
      void worker.terminate();
    };
    worker.on('message', (m: { t: 'hours'; hours: [number, ProfileJson][] } | ({ t: 'done' } & ProfiledFile) | { t: 'failed'; code: ErrorCode; message: string }) => {
      if (m.t === 'hours') {
        void send(m.hours).then(
          (r) => {
            if (!r.ok) failure = r;
            worker.postMessage({ t: r.ok ? 'go' : 'stop' });
          },
          (e: unknown) => settle(err('unavailable', `sending the profiles failed: ${(e as Error).message.split('\n')[0]}`)),
        );
      } else if (m.t === 'done') settle(ok({ rows: m.rows, hours: m.hours, parts: m.parts }));
      else settle(failure ?? err(m.code, m.message));
    });
    worker.on('error', (e: Error & { code?: string }) => settle(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : err('unavailable', `profiling ${data.label} failed: ${e.message.split('\n')[0]}`)));
    worker.on('exit', () => settle(failure ?? err('unavailable', `profiling ${data.label} stopped before it finished`)));
  });
}

/** As http/ts-worker.ts's tsWorker (the built module when there is one, else the source through tsx), with a heap cap. */
function heapCappedWorker(module: URL, workerData: unknown, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 };
  if (existsSync(fileURLToPath(module))) return new Worker(module, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** Why STEWARD_URL cannot be used (never echoing a password in it), or null. */
function urlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'STEWARD_URL is not a URL: give the address of a running Steward, e.g. https://steward.example.com';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `STEWARD_URL must be an http:// or https:// address (got ${u.protocol})`;
  if (u.username || u.password) return 'STEWARD_URL carries a user or password: leave them out; the token goes in STEWARD_TOKEN';
  return null;
}

/** A URL without its user and password (for messages); an unparsable one is not shown. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(not a URL)';
  }
}

/** "2026-11-27T13:00Z" */
const short = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** The two calls `log-profile` makes to a running Steward's HTTP API. */
class StewardClient {
  /** the URL as messages show it: without a user or password it may carry */
  readonly shown: string;
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
    this.shown = shownUrl(this.base);
  }

  async basis(model: string, version: number, environment: string): Promise<Result<BasisJson>> {
    const r = await this.call('GET', `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/profile-basis?environment=${encodeURIComponent(environment)}`);
    if (!r.ok) return r;
    const parsed = basisJsonSchema.safeParse(r.value);
    if (!parsed.success) return err('unavailable', `${this.shown} answered with a basis that is not in the steward.basis/1 format (${parsed.error.issues[0]?.message ?? 'unreadable'}); is STEWARD_URL a Steward of this version?`);
    return ok(parsed.data);
  }

  post(path: string, body: string): Promise<Result<unknown>> {
    return this.call('POST', path, body);
  }

  private async call(method: string, path: string, body?: string): Promise<Result<unknown>> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return err('unavailable', `cannot reach STEWARD_URL ${this.shown}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    let answer: unknown = null;
    const text = await res.text();
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: described below
    }
    if (res.ok) return answer === null ? err('unavailable', `${this.shown}${path} answered ${res.status} without JSON; is STEWARD_URL a Steward?`) : ok(answer);
    const a = (answer ?? {}) as { error?: unknown; message?: unknown };
    const message = typeof a.message === 'string' ? a.message : `${method} ${path} answered HTTP ${res.status}`;
    const code: ErrorCode = res.status === 401 || res.status === 403 ? 'forbidden' : (ERROR_CODES as readonly string[]).includes(String(a.error)) ? (a.error as ErrorCode) : res.status >= 500 ? 'unavailable' : 'bad_input';
    return err(code, res.status === 401 ? `STEWARD_TOKEN: ${message}` : message);
  }
}
