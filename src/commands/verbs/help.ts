import { z } from 'zod';
import { err, ok } from '../../core/result.js';
import { didYouMean } from '../../core/suggest.js';
import { context, table, text } from '../../replies/builders.js';
import type { CommandRegistry } from '../command-registry.js';
import { defineCommand } from '../command-spec.js';
import { kebab, usageLine } from '../usage.js';

/** Help is generated from the declarations, so it cannot drift from what the parser accepts. */
export const makeHelpCommand = (registry: () => CommandRegistry, surface: 'chat' | 'cli' = 'chat') =>
  defineCommand({
    name: 'help',
    summary: 'List commands, or show one command in full.',
    syntax: [{ name: 'verb', optional: true }],
    schema: z.object({ verb: z.string().optional() }).strict(),
    risk: 'read',
    async run(ctx, a) {
      const reg = registry();
      if (!a.verb) {
        const specs = reg.list(surface);
        return ok({
          title: 'Steward commands',
          blocks: [
            table(['command', 'what it does'], specs.map((s) => [usageLine(s, '', false).trim(), s.summary])),
            context(`\`${ctx.prefix} help <command>\` shows options and examples.`),
          ],
          data: { commands: specs.map((s) => ({ name: s.name, usage: usageLine(s, ctx.prefix), summary: s.summary, risk: s.risk })) },
        });
      }
      const spec = reg.get(a.verb.toLowerCase());
      if (!spec || !reg.names(surface).includes(spec.name)) {
        return err('unknown_command', `\`${a.verb}\` is not a Steward command.${didYouMean(a.verb, reg.names(surface))}`, { hint: `Try \`${ctx.prefix} help\`.` });
      }
      const flags = spec.flags ?? [];
      return ok({
        title: `${ctx.prefix} ${spec.name}`,
        blocks: [
          text(spec.summary),
          text(`\`${usageLine(spec, ctx.prefix, false)}\``),
          ...(flags.length ? [table(['option', 'meaning'], flags.map((f) => [`--${kebab(f.name)}${f.value ? ` ${f.value}` : ''}${f.repeat ? ' (repeatable)' : ''}`, f.summary]))] : []),
          ...(spec.examples?.length ? [context(`Example: ${spec.examples.map((e) => `\`${ctx.prefix} ${e}\``).join('  ')}`)] : []),
          context(`Risk: ${spec.risk}. Permission: ${spec.permission ?? spec.name}${spec.envArg ? ' (per environment)' : ''}.`),
        ],
        data: { name: spec.name, usage: usageLine(spec, ctx.prefix), summary: spec.summary, risk: spec.risk, flags: flags.map((f) => ({ name: kebab(f.name), value: f.value ?? null, repeat: !!f.repeat, summary: f.summary })) },
      });
    },
  });
