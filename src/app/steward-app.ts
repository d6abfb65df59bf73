import { buildCommandRegistry } from '../commands/all-commands.js';
import type { Deps, Invocation } from '../commands/command-context.js';
import type { CommandRegistry } from '../commands/command-registry.js';
import { dispatchText } from '../commands/dispatch.js';
import { errorReply } from '../replies/builders.js';
import type { Reply } from '../replies/reply.js';

/** The inbound port every surface (console, CLI, Slack, Discord, HTTP) talks to. */
export interface StewardApp {
  readonly registry: CommandRegistry;
  readonly deps: Deps;
  handleText(inv: Invocation, surface?: 'chat' | 'cli'): Promise<Reply>;
  handleAction(inv: Invocation): Promise<Reply>;
}

export function createStewardApp(deps: Deps, opts: { chatPrefix?: string } = {}): StewardApp {
  const registry = buildCommandRegistry();
  const chatPrefix = opts.chatPrefix ?? '/mlops';
  return {
    registry,
    deps,
    handleText: (inv, surface = 'chat') => dispatchText(registry, deps, inv, { prefix: surface === 'cli' ? 'steward' : chatPrefix, surface }),
    async handleAction(inv) {
      return errorReply({ code: 'bad_input', message: `This button (${inv.action?.a ?? 'unknown'}) is not handled by this Steward version.` });
    },
  };
}
