import { z } from 'zod';
import { err, ok } from '../core/result.js';
import { didYouMean } from '../core/suggest.js';
import { context, text } from './replies/builders.js';
import type { Block, Reply } from './replies/reply.js';
import type { CommandRegistry } from './command-registry.js';
import { type CommandSpec, defineCommand } from './command-spec.js';
import { kebab, usageLine } from './usage.js';

/** Lines joined into text blocks of at most `max` characters (renderers split nothing, cut nothing). */
function linesToBlocks(lines: readonly string[], max = 2500): Block[] {
  const blocks: Block[] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (cur.length && [...cur, l].join('\n').length > max) {
      blocks.push(text(cur.join('\n')));
      cur = [];
    }
    cur.push(l);
  }
  if (cur.length) blocks.push(text(cur.join('\n')));
  return blocks;
}

/**
 * One verb in full: summary, usage, every option with its whole meaning, examples, risk and
 * permission. Plain lines rather than a table, so no renderer shortens a cell.
 */
export function verbHelp(spec: CommandSpec<unknown>, prefix: string): Reply {
  const flags = spec.flags ?? [];
  const option = (f: (typeof flags)[number]) => `--${kebab(f.name)}${f.value ? ` ${f.value}` : ''}${f.repeat ? ' (repeatable)' : ''}`;
  return {
    title: `${prefix} ${spec.name}`,
    blocks: [
      text(spec.summary),
      text(`\`${usageLine(spec, prefix, false)}${flags.length ? ' [options]' : ''}\``),
      ...(flags.length ? linesToBlocks(['Options:', ...flags.map((f) => `• \`${option(f)}\` — ${f.summary}`)]) : []),
      ...(spec.examples?.length ? [context(`${spec.examples.length === 1 ? 'Example' : 'Examples'}:\n${spec.examples.map((e) => `\`${prefix} ${e}\``).join('\n')}`)] : []),
      context(`Risk: ${spec.risk}. Permission: ${spec.permission ?? spec.name}${spec.envArg ? ' (per environment)' : ''}.`),
    ],
    data: { name: spec.name, usage: usageLine(spec, prefix), summary: spec.summary, risk: spec.risk, flags: flags.map((f) => ({ name: kebab(f.name), value: f.value ?? null, repeat: !!f.repeat, summary: f.summary })), examples: (spec.examples ?? []).map((e) => `${prefix} ${e}`) },
  };
}

/** Help is generated from the declarations, so it cannot drift from what the parser accepts. */
export const makeHelpCommand = (registry: () => CommandRegistry, surface: 'chat' | 'cli' = 'chat') =>
  defineCommand({
    name: 'help',
    summary: 'List commands, or show one command in full.',
    syntax: [{ name: 'verb', optional: true }],
    schema: z.object({ verb: z.string().optional() }).strict(),
    risk: 'read',
    examples: ['help', 'help deploy'],
    async run(ctx, a) {
      const reg = registry();
      if (!a.verb) {
        const specs = reg.list(surface);
        return ok({
          title: 'Steward commands',
          blocks: [
            ...linesToBlocks(specs.map((s) => `\`${usageLine(s, '', false).trim()}\` — ${s.summary}`)),
            context(`\`${ctx.prefix} help <command>\` shows options and examples; so does \`${ctx.prefix} <command> --help\`.`),
          ],
          data: { commands: specs.map((s) => ({ name: s.name, usage: usageLine(s, ctx.prefix), summary: s.summary, risk: s.risk })) },
        });
      }
      const spec = reg.get(a.verb.toLowerCase());
      if (!spec || !reg.names(surface).includes(spec.name)) {
        return err('unknown_command', `\`${a.verb}\` is not a Steward command.${didYouMean(a.verb, reg.names(surface))}`, { hint: `Try \`${ctx.prefix} help\`.` });
      }
      return ok(verbHelp(spec, ctx.prefix));
    },
  });
