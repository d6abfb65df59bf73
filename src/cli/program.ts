import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { ExitError } from './load-or-exit.js';

/**
 * The CLI's own commands (process-level: start, migrate, demo, chat). Every registry verb
 * (register, models, versions, status, history, …) runs through the chat dispatcher instead.
 */
export function registerCommands(program: Command, io: CliIo, verbs: readonly string[], env: Record<string, string | undefined>): void {
  program
    .description('Steward: ChatOps for the ML model lifecycle.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`steward: ${s.replace(/^error: /, '').trim()}. See steward --help.\n`),
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\nRegistry commands (same as /mlops in chat; add --format json for pipelines):\n  ${verbs.join(', ')}\n  steward help <command> shows one in full.`);

  program
    .command('start')
    .description('Start Steward: chat adapters for the configured platforms, or the console chat when none is configured.')
    .option('--demo', 'seed demo data first (3 models with versions and history)')
    .action(async (o: { demo?: boolean }) => {
      const { startCommand } = await import('./start-command.js');
      await startCommand(io, { demo: !!o.demo }, env);
    });

  program
    .command('migrate')
    .description('Apply database migrations (also done automatically at start).')
    .action(async () => {
      const { migrateCommand } = await import('./maintenance-commands.js');
      await migrateCommand(io, env);
    });

  program
    .command('demo')
    .description('Seed demo data: 3 models, several versions each, staging/production history.')
    .action(async () => {
      const { demoCommand } = await import('./maintenance-commands.js');
      await demoCommand(io, env);
    });

  program
    .command('chat')
    .description('Chat with Steward in this terminal, or run one line with -c and print the reply.')
    .option('-c, --command <text>', 'one line, e.g. "/mlops models"')
    .option('--as <user>', 'act as this console user')
    .action(async (o: { command?: string; as?: string }) => {
      const { chatCommand } = await import('./chat-command.js');
      const code = await chatCommand(io, o, env);
      if (code) throw new ExitError(code);
    });

  program
    .command('help [command]')
    .description('Show help for steward or for one command.')
    .action(async (name?: string) => {
      if (!name) return program.outputHelp();
      const own = program.commands.find((c) => c.name() === name);
      if (own) return own.outputHelp();
      const { helpForVerb } = await import('./help-command.js');
      const code = await helpForVerb(name, io, env);
      if (code) throw new ExitError(code);
    });
}
