import type { CommandContext } from '../../chat/command-context.js';
import type { CommandRegistry } from '../../chat/command-registry.js';
import { dispatchText, runSpec } from '../../chat/dispatch.js';
import { tokenize } from '../../chat/tokenize.js';
import { err, ok, type Result } from '../../core/result.js';
import { context } from '../../chat/replies/builders.js';
import type { Reply } from '../../chat/replies/reply.js';

/** Run a command line through the normal dispatcher, as the context's actor in its channel. */
export function runCommandLine(registry: CommandRegistry, ctx: CommandContext, line: string, channel = ctx.channel): Promise<Reply> {
  return dispatchText(registry, ctx, { actor: ctx.actor, channel, text: line }, { prefix: ctx.prefix, surface: 'chat' });
}

/**
 * Everything the dispatcher checks before it runs a verb — the grammar, the verb's zod schema, the
 * environment names, the caller's role — without running it: the same runSpec with a `run` that does
 * nothing. A state-changing command that would be refused now is refused before anyone is asked to
 * confirm it (and checked again, in full, when they do).
 */
export async function checkCommandLine(registry: CommandRegistry, ctx: CommandContext, line: string): Promise<Result<void>> {
  const toks = tokenize(line);
  if (!toks.ok) return toks;
  const tokens = toks.value[0]?.startsWith('/') ? toks.value.slice(1) : toks.value;
  const spec = registry.get((tokens[0] ?? '').toLowerCase());
  if (!spec || !registry.names('chat').includes(spec.name)) return err('unknown_command', `\`${tokens[0] ?? ''}\` is not a Steward command; see \`${ctx.prefix} help\`.`);
  const r = await runSpec({ ...spec, run: async () => ok({ blocks: [] }) }, ctx, tokens.slice(1));
  return r.ok ? ok(undefined) : r;
}

/** The reply with the understood command on top, so the person sees what ran (or was refused). */
export function understoodAs(reply: Reply, command: string, label = 'Understood as'): Reply {
  return { ...reply, blocks: [context(`${label}: \`${command}\``), ...reply.blocks] };
}
