import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import type { StewardApp } from '../../src/ports/steward-app.js';
import { main } from '../../src/cli/main.js';
import { silentLogger } from '../../src/ports/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { systemClock } from '../../src/core/clock.js';
import { startApiServer } from '../../src/http/api-server.js';
import type { RunningHttpServer } from '../../src/http/http-server.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { recordConfigLoaded } from '../../src/governance/record-config-loaded.js';
import { syncConfigSchedules } from '../../src/scheduling/schedule-sync-config.js';
import { tempDir } from '../helpers/temp-dir.js';

export const ROOT = join(import.meta.dirname, '../..');
export const EXAMPLE_CONFIG = 'docs/steward.example.yaml';

/** The secrets the complete example names, as a team would export them. */
export const EXAMPLE_SECRETS = {
  STEWARD_WEBHOOK_SECRET: 'whsec-docs-example-0123456789abcdef',
  GITHUB_TOKEN: 'github_pat_docs_example_0123456789',
  MLFLOW_TOKEN: 'mlflow-docs-example-token',
  MLFLOW_WEBHOOK_SECRET: 'mlflow-docs-example-webhook-secret',
};

export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * One reader following one page: a fresh data directory with the demo seeded, a configuration
 * (the complete example, or none), and at most one open handle on the embedded database at a
 * time — a `steward` command line runs the real CLI entry point, a chat transcript runs the real
 * console chat on an opened runtime, a curl line talks to a real HTTP server of that runtime.
 */
export class DocsSession {
  readonly env: Record<string, string>;
  token: string | null = null;
  private runtime: Runtime | null = null;
  private server: RunningHttpServer | null = null;

  constructor(config: 'example' | 'none') {
    const dataDir = tempDir('docs');
    this.env = {
      STEWARD_DATA_DIR: dataDir,
      STEWARD_USER: 'alice',
      LOG_LEVEL: 'silent',
      PATH: process.env.PATH ?? '',
      // 'none': no steward.yaml at all (there is none at the repository root), the default install
      ...(config === 'example' ? { STEWARD_CONFIG: EXAMPLE_CONFIG, ...EXAMPLE_SECRETS } : {}),
    };
  }

  async start(): Promise<void> {
    const r = await this.steward(['demo']);
    if (r.code !== 0) throw new Error(`steward demo failed: ${r.err}`);
    // what `steward start` does before serving: record the config, sync declared schedules
    const rt = await this.open();
    await recordConfigLoaded(rt.steward.commands);
    await syncConfigSchedules(rt.steward.commands.store, systemClock, rt.steward.commands.config.scheduling.schedules);
  }

  /** The real `steward` entry point, in this process, with the page's environment. */
  async steward(argv: string[]): Promise<Ran> {
    await this.closeHandles();
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, this.env, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** A chat transcript through the real console chat; every reply is returned with the line that caused it. */
  async chat(lines: readonly string[]): Promise<{ input: string; reply: Reply }[]> {
    const rt = await this.open();
    const seen: { input: string; reply: Reply }[] = [];
    const inner = rt.steward.app;
    const app: StewardApp = {
      ...inner,
      handleText: async (inv, surface) => {
        const reply = await inner.handleText(inv, surface);
        seen.push({ input: `${inv.actor.id}: ${inv.text}`, reply });
        return reply;
      },
      handleAction: async (inv) => {
        const reply = await inner.handleAction(inv);
        seen.push({ input: `${inv.actor.id}: [${inv.action?.a} ${inv.action?.id}]`, reply });
        return reply;
      },
    };
    const output = new PassThrough();
    output.resume();
    await runConsoleChat({ app, user: this.env.STEWARD_USER!, input: Readable.from(lines.map((l) => `${l}\n`)), output, imagesDir: join(this.env.STEWARD_DATA_DIR!, 'images') });
    return seen;
  }

  /** A shell line (curl …) with STEWARD_URL and STEWARD_TOKEN set, against a running HTTP API. */
  async shell(line: string): Promise<Ran> {
    const url = await this.serve();
    return new Promise((resolve) => {
      execFile('bash', ['-c', line], { cwd: ROOT, env: { ...process.env, STEWARD_URL: url, STEWARD_TOKEN: this.token ?? '' }, timeout: 60_000 }, (e, stdout, stderr) => {
        const code = e ? (typeof (e as { code?: unknown }).code === 'number' ? ((e as { code: number }).code) : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      });
    });
  }

  async open(): Promise<Runtime> {
    if (this.runtime) return this.runtime;
    const c = loadConfig(this.env, ROOT);
    if (!c.ok) throw new Error(c.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
    // like `steward chat`: one process on the embedded database, work for a server left in the outbox
    this.runtime = await openRuntime(c.config, silentLogger, { mode: 'one-shot' });
    return this.runtime;
  }

  private async serve(): Promise<string> {
    if (this.server) return this.server.url;
    const rt = await this.open();
    const { app, store, commands } = rt.steward;
    const config = { ...commands.config, http: { port: 0, host: '127.0.0.1' } };
    this.server = await startApiServer({ app, store, clock: commands.clock, config, log: silentLogger, renderText: (r) => renderText(r) });
    return this.server!.url;
  }

  async closeHandles(): Promise<void> {
    await this.server?.close();
    this.server = null;
    await this.runtime?.close();
    this.runtime = null;
  }
}
