import { join } from 'node:path';
import { runConsoleChat } from '../../adapters/console/console-chat.js';
import { createLogger } from '../app/logger.js';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { openRuntime } from '../runtime.js';
import { seedDemo } from '../usecases/seed-demo.js';
import type { CliIo } from './cli-io.js';
import { loadOrExit } from './load-or-exit.js';
import { mkdirSync } from 'node:fs';

/**
 * `steward start`: migrate, optionally seed the demo, then serve. With no chat platform configured
 * the console chat is the front end (logs go to <data dir>/steward.log so they do not mix with chat).
 */
export async function startCommand(io: CliIo, o: { demo: boolean }, env: Record<string, string | undefined>): Promise<void> {
  const config = loadOrExit(io, env);
  mkdirSync(config.database.dataDir, { recursive: true });
  const log = createLogger(config.logLevel, pino.destination({ dest: join(config.database.dataDir, 'steward.log'), mkdir: true, sync: false }));
  io.out(`Steward starting on ${config.database.url ? 'PostgreSQL' : `embedded PGlite (${config.database.dataDir})`}…`);
  const rt = await openRuntime(config, log);
  if (o.demo) {
    const r = await seedDemo(rt.app.deps.store, systemClock);
    if (r.ok) io.out(r.value.seeded ? `Demo data seeded: ${r.value.models} models, ${r.value.versions} versions, ${r.value.deployments} deployments.` : 'Demo data already present.');
  }
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await rt.close();
  };
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  await runConsoleChat({
    app: rt.app,
    user: config.cliUser,
    input: process.stdin,
    output: process.stdout,
    imagesDir: join(config.database.dataDir, 'images'),
    color: process.stdout.isTTY,
    banner: 'Console chat — no Slack or Discord tokens configured. Type /mlops help, :as <user> to switch user, :quit to leave.',
  });
  await shutdown();
}
