import { createLogger } from '../app/logger.js';
import { openRuntime, type Runtime } from '../app/runtime.js';
import type { Config } from '../config/config.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import type { Result } from '../core/result.js';
import type { Actor } from '../governance/domain/actor.js';
import { exitCodeFor } from '../chat/exit-codes.js';
import type { CliIo } from './cli-io.js';
import { loadOrExit } from './load-or-exit.js';

type Env = Record<string, string | undefined>;

/** Runs a one-shot command on the configured database as the CLI user, closing it afterwards. */
export async function withRuntime(io: CliIo, env: Env, fn: (rt: Runtime, config: Config, actor: Actor) => Promise<number>): Promise<number> {
  const config = loadOrExit(io, env);
  const rt = await openRuntime(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    return await fn(rt, config, { platform: 'cli', id: config.cliUser, displayName: config.cliUser });
  } finally {
    await rt.close();
  }
}

/** A failed result as one line on stderr; the exit code its error code means. */
export function failed(io: CliIo, r: Result<unknown> & { ok: false }): number {
  io.err(`steward: ${r.error.message.replace(/`/g, '').replace(/\s+/g, ' ')}`);
  return exitCodeFor(r.error.code);
}
