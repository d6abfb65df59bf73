import { renderConsole } from '../../adapters/console/console-render.js';
import { buildCommandRegistry } from '../app/all-commands.js';
import { silentLogger } from '../chat/command-context.js';
import { runSpec } from '../chat/dispatch.js';
import { formatProblems, loadConfig } from '../config/load-config.js';
import { systemClock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { errorReply } from '../chat/replies/builders.js';
import { MultiPublisher } from '../chat/replies/publisher.js';
import { buildDeps } from '../app/build-deps.js';
import { type CliIo, failLine } from './cli-io.js';

const noStore = new Proxy({} as Store, {
  get() {
    throw new Error('help does not use the database');
  },
});

/** `steward help <verb>` without opening the database. */
export async function helpForVerb(name: string, io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    io.err(formatProblems(cfg.problems));
    return 2;
  }
  const registry = buildCommandRegistry();
  const r = await runSpec(registry.get('help')!, { ...buildDeps({ config: cfg.config, store: noStore, clock: systemClock, log: silentLogger, publisher: new MultiPublisher(), executor: { submit: async () => {} } }), actor: { platform: 'cli', id: cfg.config.cliUser }, channel: { platform: 'cli', id: 'cli' }, prefix: 'steward' }, [name]);
  if (!r.ok) {
    io.err(failLine(errorReply(r.error)));
    return 2;
  }
  io.out(renderConsole(r.value));
  return 0;
}
