import { didYouMean } from '../core/suggest.js';
import { err, ok, type Result } from '../core/result.js';
import { type CommandSpec, isLiteral } from './command-spec.js';
import { kebab } from './usage.js';

export type RawArgs = Record<string, string | string[] | boolean | undefined>;

/**
 * Tokens -> raw argument object, by the declaration's grammar. Strict: an unknown flag, a missing
 * positional, a wrong keyword or a leftover token is an error — nothing is guessed or defaulted.
 */
export function parseArgs(spec: CommandSpec<unknown>, tokens: readonly string[]): Result<RawArgs> {
  const flags = spec.flags ?? [];
  const byName = new Map(flags.map((f) => [kebab(f.name), f]));
  const out: RawArgs = {};
  const positionals: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '--') {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(2, eq) : t.slice(2);
      const f = byName.get(name);
      const cliOnly = spec.cliOnlyFlags?.find((c) => c.name === name);
      if (!f && cliOnly) return err('bad_input', `--${name} works on the command line only (\`steward ${spec.name} … --${name}\`); ${cliOnly.instead}`);
      if (!f) {
        const known = [...byName.keys()].map((k) => `--${k}`);
        const hint = known.length ? didYouMean(`--${name}`, known) : '';
        return err('bad_input', `\`${spec.name}\` has no option --${name}.${hint}`);
      }
      if (!f.value) {
        if (eq > 0) return err('bad_input', `--${name} is a switch and takes no value`);
        out[f.name] = true;
        continue;
      }
      let v: string | undefined;
      if (eq > 0) v = t.slice(eq + 1);
      else {
        v = tokens[i + 1];
        if (v === undefined || (v.startsWith('--') && v.length > 2)) return err('bad_input', `--${name} needs a value: --${name} ${f.value}`);
        i++;
      }
      if (f.repeat) out[f.name] = [...((out[f.name] as string[] | undefined) ?? []), v];
      else if (out[f.name] !== undefined) return err('bad_input', `--${name} is given twice; give it once`);
      else out[f.name] = v;
      continue;
    }
    positionals.push(t);
  }

  let p = 0;
  const items = spec.syntax;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const tok = positionals[p];
    if (isLiteral(it)) {
      if (tok !== undefined && tok.toLowerCase() === it.literal) {
        p++;
        continue;
      }
      if (it.optional) {
        const next = items[i + 1];
        if (next && !isLiteral(next)) i++; // the guarded positional is absent
        continue;
      }
      return err('bad_input', tok === undefined ? `\`${spec.name}\` expects \`${it.literal}\` after the arguments so far` : `expected \`${it.literal}\`, got \`${tok}\``);
    }
    if (it.rest) {
      const rest = positionals.slice(p);
      p = positionals.length;
      if (rest.length === 0) {
        if (!it.optional) return err('bad_input', `\`${spec.name}\` needs <${it.label ?? kebab(it.name)}>`);
      } else out[it.name] = rest.join(' ');
      continue;
    }
    if (tok === undefined) {
      if (it.optional) continue;
      return err('bad_input', `\`${spec.name}\` needs <${it.label ?? kebab(it.name)}>`);
    }
    // An optional positional must not swallow the next keyword (e.g. "history m to" is a mistake, not env "to").
    out[it.name] = tok;
    p++;
  }
  if (p < positionals.length) {
    return err('bad_input', `unexpected \`${positionals.slice(p).join(' ')}\` after \`${spec.name}\``);
  }
  return ok(out);
}
