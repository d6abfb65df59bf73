import { join, resolve } from 'node:path';
import { createLogger } from '../app/logger.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { openRuntime } from '../app/runtime.js';
import type { CliIo } from './cli-io.js';
import { loadOrExit } from './load-or-exit.js';
import { runVerb } from './run-verb.js';

/** `steward register|models|versions|status|history|…`: open the database, run one verb, close. Charts go to --out, else $STEWARD_DATA_DIR/images. */
export async function runVerbCommand(argv: string[], io: CliIo, env: Record<string, string | undefined>, opts: { out?: string } = {}): Promise<number> {
  const config = loadOrExit(io, env);
  const imagesDir = opts.out !== undefined ? resolve(opts.out) : join(config.database.dataDir, 'images');
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, undefined, configuredSecrets(config));
  const rt = await openRuntime(config, log, { mode: 'one-shot' });
  try {
    return await runVerb(rt.steward.app, config.cliUser, argv, io, { imagesDir, unattended: rt.unattendedWork, store: rt.database.soleProcess ? undefined : rt.steward.store });
  } finally {
    await rt.close();
  }
}
