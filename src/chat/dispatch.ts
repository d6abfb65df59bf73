import { isConnectionError } from '../core/connection-error.js';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { actorKey } from '../governance/domain/actor.js';
import { can, rolesAllowing } from '../governance/domain/access.js';
import { didYouMean } from '../core/suggest.js';
import { unstorableChar } from '../core/text-safety.js';
import { err, ok, type AppError, type Result } from '../core/result.js';
import { errorReply } from './replies/builders.js';
import type { Reply } from './replies/reply.js';
import type { CommandContext, CommandPorts } from './command-context.js';
import type { Invocation } from '../ports/invocation.js';
import type { CommandRegistry } from './command-registry.js';
import type { CommandSpec } from './command-spec.js';
import { parseArgs } from './parse-args.js';
import { tokenize } from './tokenize.js';
import { kebab, usageLine } from './usage.js';
import { verbHelp } from './help.js';

export interface DispatchOptions {
  /** "/mlops" for chat, "steward" for the CLI */
  readonly prefix: string;
  readonly surface: 'chat' | 'cli';
}

/**
 * The one path every text request takes: tokenize -> verb -> strict arguments -> environment check
 * -> RBAC -> run. The only place errors become replies; unknown errors get a correlation id.
 */
export async function dispatchText(registry: CommandRegistry, deps: CommandPorts, inv: Invocation, opts: DispatchOptions): Promise<Reply> {
  const r = await runText(registry, deps, inv, opts);
  return r.ok ? r.value : errorReply(r.error);
}

async function runText(registry: CommandRegistry, deps: CommandPorts, inv: Invocation, opts: DispatchOptions): Promise<Result<Reply>> {
  // no verb may store what PostgreSQL cannot (NUL, unpaired surrogates): refuse the whole line
  const unstorable = unstorableChar(inv.text ?? '');
  if (unstorable !== null) return err('bad_input', `The command contains ${unstorable}, which cannot be stored; remove it.`);
  const line = (inv.text ?? '').trim();
  // a verbatim verb (ask) gets the rest of the line as typed; "--" keeps it from being read as options
  const head = /^(?:\/\S+\s+)?(\S+)(?:\s+([\s\S]*))?$/.exec(line);
  const free = head ? registry.get(head[1]!.toLowerCase()) : undefined;
  if (free?.verbatim && registry.names(opts.surface).includes(free.name)) {
    return runSpec(free, { ...deps, actor: inv.actor, channel: inv.channel, prefix: opts.prefix }, head![2] ? ['--', head![2]] : []);
  }
  const toks = tokenize(line);
  if (!toks.ok) return toks;
  let tokens = toks.value;
  if (tokens[0] && tokens[0].startsWith('/')) tokens = tokens.slice(1); // "/mlops …"
  const verb = (tokens[0] ?? 'help').toLowerCase();
  const spec = registry.get(verb);
  const visible = registry.names(opts.surface);
  if (!spec || !visible.includes(verb)) {
    return err('unknown_command', `\`${verb}\` is not a Steward command.${didYouMean(verb, visible)}`, { hint: `Try \`${opts.prefix} help\` for the list of commands.` });
  }
  const ctx: CommandContext = { ...deps, actor: inv.actor, channel: inv.channel, prefix: opts.prefix };
  return runSpec(spec, ctx, tokens.slice(1));
}

export async function runSpec(spec: CommandSpec<unknown>, ctx: CommandContext, tokens: readonly string[]): Promise<Result<Reply>> {
  if (asksForHelp(tokens)) return ok(verbHelp(spec, ctx.prefix));
  const usage = `Usage: \`${usageLine(spec, ctx.prefix, false)}${spec.flags?.length ? ' [options]' : ''}\` — see \`${ctx.prefix} help ${spec.name}\`.`;
  const raw = parseArgs(spec, tokens);
  if (!raw.ok) return withHint(raw.error, usage);
  const parsed = spec.schema.safeParse(raw.value);
  if (!parsed.success) return withHint(zodToError(spec, parsed.error), usage);
  const args = parsed.data as Record<string, unknown>;

  for (const item of spec.syntax) {
    if ('kind' in item && item.kind === 'environment') {
      const v = args[item.name];
      if (typeof v === 'string' && !ctx.config.environments.includes(v)) {
        return err('bad_input', `\`${v}\` is not an environment.${didYouMean(v, ctx.config.environments)} Environments: ${ctx.config.environments.join(', ')}.`, { hint: usage });
      }
    }
  }

  const env = spec.envArg ? (args[spec.envArg] as string | undefined) : undefined;
  const verb = spec.permission ?? spec.name;
  if (!spec.authorizeInRun && !can(ctx.actor, verb, spec.risk, env, ctx.config.access)) {
    const roles = rolesAllowing(verb, spec.risk, env, ctx.config.access);
    return err('forbidden', `You are not allowed to ${verb}${env ? ` in ${env}` : ''}: it needs ${roles.length ? `the role ${roles.map((r) => `\`${r}\``).join(' or ')}` : 'a role that grants it'}. Ask an admin to add you in steward.yaml (members).`, {
      detail: `${actorKey(ctx.actor)} denied ${verb}`,
    });
  }

  try {
    return await spec.run(ctx, parsed.data);
  } catch (e) {
    const ref = randomUUID().slice(0, 8);
    ctx.log.error({ err: e, ref, verb: spec.name, actor: actorKey(ctx.actor) }, 'command failed');
    if (isConnectionError(e)) return err('unavailable', `The database is not answering, so \`${spec.name}\` did not run and nothing was changed (ref ${ref}); try again in a moment.`);
    return err('unavailable', `Something went wrong running \`${spec.name}\` (ref ${ref}). Nothing was changed; try again, and if it persists give the ref to your Steward admin.`);
  }
}

/** `<verb> --help` or `-h` (before any `--`): the verb's help instead of running it. */
export function asksForHelp(tokens: readonly string[]): boolean {
  const end = tokens.indexOf('--');
  return (end < 0 ? tokens : tokens.slice(0, end)).some((t) => t === '--help' || t === '-h');
}

function withHint(e: AppError, hint: string): Result<never> {
  return { ok: false, error: { ...e, hint: e.hint ?? hint } };
}

function zodToError(spec: CommandSpec<unknown>, error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const isFlag = (spec.flags ?? []).some((f) => f.name === key);
  const name = isFlag ? `--${kebab(key)}` : `<${kebab(key)}>`;
  return { code: 'bad_input', message: `${name}: ${issue.message}` };
}
