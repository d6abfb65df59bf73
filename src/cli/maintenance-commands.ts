import { createLogger, redactUrl } from '../app/logger.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { systemClock } from '../core/clock.js';
import { openDatabase } from '../db/open-database.js';
import { databaseTarget, openRuntime } from '../app/runtime.js';
import { demoSummary, seedDemo } from '../app/seed-demo.js';
import type { CliIo } from './cli-io.js';
import { ExitError, loadOrExit } from './load-or-exit.js';

export async function migrateCommand(io: CliIo, env: Record<string, string | undefined>): Promise<void> {
  const config = loadOrExit(io, env);
  const db = await openDatabase(databaseTarget(config));
  await db.close();
  io.out(`migrations applied (${config.database.url ? `PostgreSQL ${redactUrl(config.database.url)}` : `PGlite in ${config.database.dataDir}`})`);
}

export async function demoCommand(io: CliIo, env: Record<string, string | undefined>): Promise<void> {
  const config = loadOrExit(io, env);
  const rt = await openRuntime(config, createLogger('warn', undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    const r = await seedDemo({ store: rt.steward.store, clock: systemClock, config });
    if (!r.ok) {
      io.err(`steward: ${r.error.message}`);
      throw new ExitError(2);
    }
    io.out(r.value.seeded ? `demo data seeded: ${demoSummary(r.value)}` : 'demo data already present; nothing changed');
  } finally {
    await rt.close();
  }
}
