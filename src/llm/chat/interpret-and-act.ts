import type { CommandContext } from '../../chat/command-context.js';
import type { CommandRegistry } from '../../chat/command-registry.js';
import { actorKey } from '../../governance/domain/actor.js';
import { err, ok, type Result } from '../../core/result.js';
import { context, errorReply, fmtTime, text } from '../../chat/replies/builders.js';
import type { Reply } from '../../chat/replies/reply.js';
import { createConfirmation } from '../confirm-create.js';
import { buildCommandCatalog } from './command-tools.js';
import { checkCommandLine, runCommandLine, understoodAs } from './nl-dispatch.js';

/** Verbs the model is not offered (asking cannot ask). */
const NOT_OFFERED = new Set(['ask']);

/**
 * `/mlops ask <text>`: the model turns the text into one command line (functions generated from the
 * declarations); then the normal dispatcher takes over. Read verbs run at once ("Understood as: …");
 * state-changing verbs are checked (grammar, values, environment, role), stored, and wait for the
 * asker's [Confirm] — they never run from here.
 */
export async function interpretAndAct(registry: CommandRegistry, ctx: CommandContext, question: string): Promise<Result<Reply>> {
  if (!ctx.nl) return err('unavailable', `Natural language is not configured; use \`${ctx.prefix} help\` to find the command (an admin can turn it on with OPENAI_API_KEY).`);
  const specs = registry.list('chat').filter((s) => !NOT_OFFERED.has(s.name));
  const catalog = buildCommandCatalog(specs, { prefix: ctx.prefix, environments: ctx.config.environments });
  const models = await ctx.store.read.models.names();
  const r = await ctx.nl.interpret(question, { catalog, environments: ctx.config.environments, models, prefix: ctx.prefix, now: ctx.clock.now() });
  if (!r.ok) return r;
  const it = r.value;
  const spec = registry.get(it.verb);
  if (!spec || NOT_OFFERED.has(spec.name)) return err('bad_input', `I could not turn that into a command; try \`${ctx.prefix} help\`.`);

  if (spec.risk === 'read') return ok(understoodAs(await runCommandLine(registry, ctx, it.command), it.command));

  const check = await checkCommandLine(registry, ctx, it.command);
  if (!check.ok) return ok(understoodAs(errorReply(check.error), it.command));
  const saved = await createConfirmation(ctx.store, ctx.clock, { actor: actorKey(ctx.actor), channel: ctx.channel, interpretation: { ...it, risk: spec.risk } });
  if (!saved.ok) return saved;
  const p = saved.value;
  return ok({
    title: spec.risk === 'destructive' ? 'Confirm this destructive command' : 'Confirm this command',
    tone: spec.risk === 'destructive' ? 'danger' : 'warning',
    ephemeral: true,
    blocks: [
      text(`Understood as: \`${p.command}\``),
      context(it.explanation),
      context(`Nothing has run yet. Only you can confirm it, until ${fmtTime(p.expiresAt)}; it is checked again (your role, the policy) when you do.`),
    ],
    buttons: [
      { label: 'Confirm', style: spec.risk === 'destructive' ? 'danger' : 'primary', action: { v: 1, a: 'confirm', id: String(p.id) } },
      { label: 'Cancel', action: { v: 1, a: 'cancel', id: String(p.id) } },
    ],
    data: { pending: p.id, command: p.command, verb: p.verb, risk: p.risk, expiresAt: p.expiresAt.toISOString() },
  });
}
