import { Command, CommanderError } from 'commander';
import { didYouMean } from '../core/suggest.js';
import { buildCommandRegistry } from '../app/all-commands.js';
import { type CliIo, processIo, stdoutFailure, watchStdout } from './cli-io.js';
import { ExitError } from './load-or-exit.js';
import { registerCommands } from './program.js';
import { asksForHelp } from '../chat/dispatch.js';

/** Entry point of the `steward` command. Returns the exit status; never prints a stack trace. */
export type Env = Record<string, string | undefined>;

export async function main(argv: string[], env: Env, io: CliIo = processIo): Promise<number> {
  if (io !== processIo) return run(argv, env, io);
  watchStdout();
  const code = await run(argv, env, io);
  // stdout failed other than by its reader going away (a full disk): the command did not print everything
  return code === 0 ? (stdoutFailure() ?? 0) : code;
}

async function run(argv: string[], env: Env, io: CliIo): Promise<number> {
  const program = new Command('steward');
  const verbs = buildCommandRegistry().names('cli');
  registerCommands(program, io, verbs, env);
  const first = argv[0];
  const own = program.commands.map((c) => c.name());
  try {
    if (first && !first.startsWith('-') && !own.includes(first) && verbs.includes(first)) {
      if (asksForHelp(argv.slice(1))) {
        const { helpForVerb } = await import('./help-command.js');
        return await helpForVerb(first, io, env);
      }
      const { runVerbCommand } = await import('./verb-command.js');
      return await runVerbCommand(argv, io, env);
    }
    // `steward audit [model] [--limit N]` is the verb; `steward audit verify|export` the group's own subcommands
    const group = program.commands.find((c) => c.name() === first);
    if (group && verbs.includes(first!) && group.commands.length && !group.commands.some((c) => c.name() === argv[1]) && !asksForHelp(argv.slice(1, 2))) {
      const { runVerbCommand } = await import('./verb-command.js');
      return await runVerbCommand(argv, io, env);
    }
    if (first && !first.startsWith('-') && !own.includes(first)) {
      io.err(`steward: unknown command '${first}'.${didYouMean(first, [...own, ...verbs]).replace(/`/g, '')} See steward --help.`);
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // one short line: a driver error's first line can be a whole SQL statement
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    io.err(`steward: ${msg.length > 500 ? `${msg.slice(0, 500)}… (see the log)` : msg}`);
    return 4;
  }
}
