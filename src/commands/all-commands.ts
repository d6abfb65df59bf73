import { CommandRegistry } from './command-registry.js';
import { makeHelpCommand } from './verbs/help.js';
import { historyCommand } from './verbs/history.js';
import { modelCommand } from './verbs/model.js';
import { modelsCommand } from './verbs/models.js';
import { registerCommand } from './verbs/register.js';
import { statusCommand } from './verbs/status.js';
import { versionsCommand } from './verbs/versions.js';
import { makeWhoamiCommand } from './verbs/whoami.js';

/** The one list of verbs. Built once at start; a duplicate name throws here. */
export function buildCommandRegistry(): CommandRegistry {
  let reg: CommandRegistry | undefined;
  const self = () => reg!;
  reg = new CommandRegistry([
    makeHelpCommand(self),
    modelsCommand,
    modelCommand,
    versionsCommand,
    registerCommand,
    statusCommand,
    historyCommand,
    makeWhoamiCommand(self),
  ]);
  return reg;
}
