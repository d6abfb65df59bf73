import type { Config } from '../config/config.js';
import { formatProblems, loadConfig } from '../config/load-config.js';
import type { CliIo } from './cli-io.js';

export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Load config or print every problem and stop with exit 2. */
export function loadOrExit(io: CliIo, env: Record<string, string | undefined>): Config {
  const r = loadConfig(env);
  if (!r.ok) {
    io.err(formatProblems(r.problems));
    throw new ExitError(2);
  }
  return r.config;
}
