import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { PageRef } from '../../src/ports/page-links.js';
import { pageSigner } from '../../src/pages/signed-page-links.js';
import { type StewardChild, spawnSteward } from '../helpers/steward-process.js';

export interface DemoSteward {
  readonly child: StewardChild;
  /** where the HTTP server listens, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly dataDir: string;
  /** an API token (viewer) for POST /api/v1/commands */
  readonly token: string;
  /** `POST /api/v1/commands` with the token: the reply's `data` (and the rest of the answer) */
  command(text: string): Promise<{ status: number; body: { data?: unknown; text?: string; error?: string } }>;
  /** A link signed with the server's pages key (the one kept in the data directory), expiring at `exp` (unix seconds). */
  signedAt(page: PageRef, exp: number): string;
  stop(): Promise<void>;
}

/**
 * What a newcomer runs: `steward start --demo` from a fresh data directory, no steward.yaml, with
 * STEWARD_HTTP_PORT set (0: any free port). A viewer token is made first with `steward token create`.
 */
export async function startDemoSteward(dir: string): Promise<DemoSteward> {
  const dataDir = join(dir, 'data');
  const env = { STEWARD_DATA_DIR: dataDir, STEWARD_USER: 'alice' };
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['token', 'create', 'browser-tests', '--role', 'viewer'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  if (code !== 0) throw new Error(`steward token create failed (${code}): ${err.join(' ')}`);
  const token = out[0]!;
  const child = spawnSteward(['start', '--demo'], { ...env, STEWARD_HTTP_PORT: '0' });
  const url = (await child.waitFor(/HTTP API listening on (http:\/\/\S+)/, 120_000))[1]!;
  await child.waitFor(/Console chat/, 60_000);
  // the key `steward start` made in the data directory (STEWARD_PAGES_KEY unset, as on a fresh clone)
  const key = readFileSync(join(dataDir, 'pages-key'), 'utf8').trim();
  const signer = pageSigner({ secret: key, clock: { now: () => new Date() }, ttlMs: 60_000, publicUrl: url });
  return {
    child,
    url,
    dataDir,
    token,
    async command(text) {
      const res = await fetch(`${url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      const body = (await res.json()) as { data?: unknown; text?: string; error?: string };
      if (res.status !== 200) throw new Error(`POST /api/v1/commands ${JSON.stringify(text)}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return { status: res.status, body };
    },
    signedAt: (page, exp) => `${url}${signer.hrefAt(page, exp)}`,
    async stop() {
      if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
      child.type(':quit');
      const t = setTimeout(() => child.proc.kill('SIGTERM'), 10_000);
      const t2 = setTimeout(() => child.proc.kill('SIGKILL'), 25_000);
      await child.exited;
      clearTimeout(t);
      clearTimeout(t2);
    },
  };
}
