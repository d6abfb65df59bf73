import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../config/package-root.js';
import type { CliIo } from './cli-io.js';
import { ExitError } from './load-or-exit.js';
import { registerMonitoringCommands } from './monitoring-program.js';
import { registerDiscordCommands } from './discord-command.js';

/**
 * The CLI's own commands (process-level: start, migrate, demo, chat). Every registry verb
 * (register, models, versions, status, history, …) runs through the chat dispatcher instead.
 */
export function registerCommands(program: Command, io: CliIo, verbs: readonly string[], env: Record<string, string | undefined>): void {
  program
    .description('Steward: ChatOps for the ML model lifecycle.')
    .version(stewardVersion(), '-V, --version', 'print the version of Steward')
    // steward's own options only before a command: `log-predictions … --version 3` is that command's
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`steward: ${s.replace(/^error: /, '').trim().replace(/\.$/, '')}. See steward --help.\n`),
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

  registerMonitoringCommands(program, io, env);
  registerDiscordCommands(program, io, env);

  program
    .command('config')
    .description('Check a steward.yaml before using it.')
    .command('check [file]')
    .description('Validate steward.yaml (or FILE) as a start or a reload would: every problem at once, exit 2; changes nothing.')
    .action(async (file?: string) => {
      const { configCheckCommand } = await import('./config-check-command.js');
      const code = configCheckCommand(io, env, file);
      if (code) throw new ExitError(code);
    });

  program
    .command('mlflow')
    .description('Work with the MLflow registry Steward mirrors (steward.yaml registry:).')
    .command('import')
    .description('Mirror the configured MLflow models, versions and alias positions into Steward (idempotent).')
    .option('--format <format>', 'json for a machine-readable summary')
    .action(async (o: { format?: string }) => {
      const { mlflowImportCommand } = await import('./mlflow-command.js');
      await mlflowImportCommand(io, env, o);
    });

  const audit = program
    .command('audit')
    .usage('[model] [--limit N] | verify | export [options]')
    .description('Recent audit events (steward audit [model] [--limit N], the chat verb), or verify or export the hash-chained audit log.');
  audit
    .command('verify')
    .description('Walk the hash chain: exit 0 with the number of events verified, or exit 1 naming the first broken event.')
    .action(async () => {
      const { auditVerifyCommand } = await import('./audit-commands.js');
      await auditVerifyCommand(io, env);
    });
  audit
    .command('export')
    .description('Print every audit event with its hashes, oldest first.')
    .option('--format <format>', 'csv or json (default: json, with a note on stderr)')
    .option('--since <date>', 'only events at or after this date, e.g. 2026-11-01')
    .action(async (o: { format?: string; since?: string }) => {
      const { auditExportCommand } = await import('./audit-commands.js');
      await auditExportCommand(io, env, o);
    });

  program
    .command('help [command]')
    .description('Show help for steward or for one command.')
    .action(async (name?: string) => {
      if (!name) return program.outputHelp();
      const own = program.commands.find((c) => c.name() === name);
      const { helpForVerb } = await import('./help-command.js');
      if (own && !(own.commands.length && verbs.includes(name))) return own.outputHelp();
      if (own) {
        // a command group that is also a verb (audit): the verb, then the group's subcommands
        const code = await helpForVerb(name, io, env);
        if (code) throw new ExitError(code);
        return own.outputHelp();
      }
      const code = await helpForVerb(name, io, env);
      if (code) throw new ExitError(code);
    });
  // a usage mistake points at the help of the command it was made in
  pointToOwnHelp(program, io, []);
}

function pointToOwnHelp(cmd: Command, io: CliIo, path: readonly string[]): void {
  for (const sub of cmd.commands) {
    const here = [...path, sub.name()];
    sub.configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`steward: ${s.replace(/^error: /, '').trim().replace(/\.$/, '')}. See steward ${here.join(' ')} --help.\n`),
    });
    pointToOwnHelp(sub, io, here);
  }
}

/** Steward's version, from its package.json. */
export function stewardVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
