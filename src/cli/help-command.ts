import type { TrainingPipeline } from '../training/domain/pipeline.js';
import { renderText } from '../chat/replies/text-render.js';
import { buildCommandRegistry } from '../app/all-commands.js';
import { silentLogger } from '../ports/logger.js';
import { runSpec } from '../chat/dispatch.js';
import { formatProblems, loadConfig } from '../config/load-config.js';
import { systemClock } from '../core/clock.js';
import type { Store } from '../ports/store.js';
import { errorReply } from '../chat/replies/builders.js';
import { MultiPublisher } from '../chat/replies/publisher.js';
import type { CommandPorts } from '../chat/command-context.js';
import { noPageLinks } from '../ports/page-links.js';
import { type CliIo, failLine } from './cli-io.js';
import { WAIT_HELP, WAITS_ON } from './deploy-wait.js';

/** A port help never uses: touching it is a bug, said plainly. */
const unused = <T extends object>(what: string): T =>
  new Proxy({} as T, {
    get() {
      throw new Error(`help does not use ${what}`);
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
  const ports: CommandPorts = { config: cfg.config, store: unused<Store>('the database'), clock: systemClock, log: silentLogger, publisher: new MultiPublisher(), cards: unused('live cards'), targetFor: () => unused('deploy targets'), pipelineFor: () => unused<TrainingPipeline>('training pipelines'), evaluations: unused('monitoring'), nl: null, pageLinks: noPageLinks };
  const r = await runSpec(registry.get('help')!, { ...ports, actor: { platform: 'cli', id: cfg.config.cliUser }, channel: { platform: 'cli', id: 'cli' }, prefix: 'steward' }, [name]);
  if (!r.ok) {
    io.err(failLine(errorReply(r.error)));
    return 2;
  }
  io.out(renderText(r.value));
  if (WAITS_ON.includes(name)) io.out(WAIT_HELP);
  return 0;
}
