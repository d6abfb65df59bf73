import { type CommandSpec, type FlagSpec, isLiteral, type PositionalSpec } from '../../chat/command-spec.js';
import { kebab } from '../../chat/usage.js';
import type { Interpretation, NlCatalog, NlTool } from '../domain/natural-language.js';
import { err, ok, type Result } from '../../core/result.js';

/**
 * The command language as functions a model may call, generated from the verb declarations (one
 * function per chat verb: name = verb, description = summary, parameters = the declaration's
 * positionals and flags), and the way back: a function call -> a canonical command line that the
 * normal dispatcher parses and validates. Nothing here is written per verb.
 */

export interface CatalogOptions {
  /** "/mlops" */
  readonly prefix: string;
  /** environment positionals become an enum of these */
  readonly environments: readonly string[];
}

type JsonSchema = Record<string, unknown>;

const POSITIONAL_HINT: Record<NonNullable<PositionalSpec['kind']>, string> = {
  model: 'a registered model name, e.g. fraud-detector',
  environment: 'an environment name',
  text: 'text',
};

function positionalSchema(spec: CommandSpec<unknown>, item: PositionalSpec, after: string | null, o: CatalogOptions): JsonSchema {
  const label = item.label ?? kebab(item.name);
  const parts = [`<${label}>`];
  if (item.kind) parts.push(POSITIONAL_HINT[item.kind]);
  if (item.rest) parts.push('free text, may contain spaces');
  if (after) parts.push(`written after "${after}"`);
  if (item.optional) parts.push('optional: leave it out unless the request gives it');
  const description = `${parts.join('; ')} (in \`${spec.name}\`)`;
  if (item.kind === 'environment') return { type: 'string', enum: [...o.environments], description };
  return { type: 'string', description };
}

function flagSchema(f: FlagSpec): JsonSchema {
  if (!f.value) return { type: 'boolean', description: `--${kebab(f.name)}: ${f.summary}` };
  const description = `--${kebab(f.name)} ${f.value}: ${f.summary}`;
  return f.repeat ? { type: 'array', items: { type: 'string' }, description: `${description} (one item per value)` } : { type: 'string', description };
}

/** One function for one verb: JSON Schema of its positionals (literals are implied) and flags. */
export function toolFor(spec: CommandSpec<unknown>, o: CatalogOptions): NlTool {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  let guard: string | null = null;
  for (const item of spec.syntax) {
    if (isLiteral(item)) {
      guard = item.optional ? item.literal : null;
      continue;
    }
    properties[item.name] = positionalSchema(spec, item, guard, o);
    if (!item.optional && !guard) required.push(item.name);
    guard = null;
  }
  for (const f of spec.flags ?? []) {
    if (f.name in properties) throw new Error(`command "${spec.name}": flag "${f.name}" has the name of a positional; rename one`);
    properties[f.name] = flagSchema(f);
  }
  return { name: spec.name, description: spec.summary, parameters: { type: 'object', properties, required, additionalProperties: false } };
}

/**
 * A value as one token for src/chat/tokenize.ts: bare when it has no whitespace, quotes or
 * backslashes; otherwise in double quotes with `\` and `"` escaped (typographic double quotes too,
 * since the tokenizer turns them into straight ones before it reads the line).
 */
export function quoteToken(v: string): string {
  if (v !== '' && !/[\s"'“”„‘’\\]/.test(v)) return v;
  return `"${v.replace(/[\\"“”„]/g, (c) => `\\${c}`)}"`;
}

const scalar = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** Flag tokens as the model gave them; wrong shapes are written so the dispatcher refuses them with its usual message. */
function flagTokens(name: string, value: unknown, f: FlagSpec | undefined): string[] {
  const opt = quoteToken(`--${kebab(name)}`); // a name from the model may hold anything
  if (value === false) return [];
  if (f && !f.value) return value === true ? [opt] : [quoteToken(`--${kebab(name)}=${scalar(value)}`)]; // "--x is a switch and takes no value"
  if (value === true) return [opt]; // "--x needs a value"
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v) => v !== null && v !== undefined).flatMap((v) => [opt, quoteToken(scalar(v))]);
}

/** A function call -> the canonical line. Values are not checked here: the dispatcher does that. */
export function commandLine(spec: CommandSpec<unknown>, args: Readonly<Record<string, unknown>>, prefix: string): string {
  const given = (k: string) => args[k] !== undefined && args[k] !== null && args[k] !== '' && !(Array.isArray(args[k]) && (args[k] as unknown[]).length === 0);
  // positionals are the verb's own arguments even when not written (after a missing required one)
  const used = new Set<string>(spec.syntax.flatMap((i) => (isLiteral(i) ? [] : [i.name])));
  const positional: string[] = [];
  const items = spec.syntax;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (isLiteral(it)) {
      const next = items[i + 1];
      if (it.optional && next && !isLiteral(next)) {
        if (given(next.name)) positional.push(it.literal, ...positionalTokens(args[next.name], !!next.rest));
        i++;
      } else positional.push(it.literal);
      continue;
    }
    if (given(it.name)) {
      positional.push(...positionalTokens(args[it.name], !!it.rest));
      continue;
    }
    // a missing required positional: stop here, so the dispatcher names exactly what is missing
    if (!it.optional) break;
  }
  const flags: string[] = [];
  const byName = new Map((spec.flags ?? []).map((f) => [f.name, f]));
  for (const f of spec.flags ?? []) {
    used.add(f.name);
    if (args[f.name] !== undefined && args[f.name] !== null) flags.push(...flagTokens(f.name, args[f.name], f));
  }
  // arguments the verb does not take become options it does not have: "`deploy` has no option --x"
  for (const [k, v] of Object.entries(args)) if (!used.has(k) && v !== undefined && v !== null) flags.push(...flagTokens(k, v, byName.get(k)));
  // a positional that looks like an option goes after "--", which the parser reads as "only positionals follow"
  const dashed = positional.some((t) => /^"?--/.test(t));
  return [prefix, spec.name, ...(dashed ? [...flags, '--', ...positional] : [...positional, ...flags])].join(' ');
}

function positionalTokens(v: unknown, rest: boolean): string[] {
  if (rest && Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map((x) => quoteToken(scalar(x)));
  return [quoteToken(scalar(v))];
}

/** The catalog over these verbs (the chat verbs minus `ask` itself). */
export function buildCommandCatalog(specs: readonly CommandSpec<unknown>[], o: CatalogOptions): NlCatalog {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const tools = specs.map((s) => toolFor(s, o));
  return {
    tools,
    toCommand(name: string, args: unknown): Result<Interpretation> {
      const spec = byName.get(name);
      if (!spec) return err('bad_input', `The language model chose \`${name.slice(0, 40)}\`, which is not a Steward command; rephrase, or see \`${o.prefix} help\`.`);
      if (args !== null && args !== undefined && (typeof args !== 'object' || Array.isArray(args))) {
        return err('bad_input', `The language model gave \`${name}\` arguments that are not named values; rephrase, or type the command (\`${o.prefix} help ${name}\`).`);
      }
      const command = commandLine(spec, (args ?? {}) as Record<string, unknown>, o.prefix);
      return ok({ command, verb: spec.name, risk: spec.risk, explanation: spec.summary });
    },
  };
}
