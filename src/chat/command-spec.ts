import type { z } from 'zod';
import type { Risk } from '../governance/domain/access.js';
import type { Result } from '../core/result.js';
import type { Reply } from './replies/reply.js';
import type { CommandContext } from './command-context.js';

/** A positional argument. `kind` adds a central check (environment names come from config). */
export interface PositionalSpec {
  readonly name: string;
  /** shown in usage, e.g. "artifact-uri" */
  readonly label?: string;
  readonly kind?: 'model' | 'environment' | 'text';
  readonly optional?: boolean;
  /** takes every remaining token (joined by spaces) */
  readonly rest?: boolean;
}

/** A fixed word in the grammar, e.g. "to" in `deploy <model> <version> to <env>`. An optional literal guards the positional after it. */
export interface LiteralSpec {
  readonly literal: string;
  readonly optional?: boolean;
}

export type SyntaxItem = PositionalSpec | LiteralSpec;

export interface FlagSpec {
  readonly name: string;
  /** value placeholder in usage (e.g. "HEX"); absent means a boolean switch */
  readonly value?: string;
  readonly repeat?: boolean;
  readonly summary: string;
}

export interface CommandSpec<A = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly syntax: readonly SyntaxItem[];
  readonly flags?: readonly FlagSpec[];
  /** Validates the raw parsed arguments ({positional names, flag names (camelCase)}) into A. */
  readonly schema: z.ZodType<A>;
  readonly risk: Risk;
  /** The verb roles grant; defaults to the name. */
  readonly permission?: string;
  /** The verb authorizes itself against state it loads (e.g. a request's environment and policy). */
  readonly authorizeInRun?: boolean;
  /** Which argument names the environment the action applies to (for per-environment grants). */
  readonly envArg?: string;
  readonly examples?: readonly string[];
  /** Takes the rest of the line exactly as typed as its one `rest` positional (natural language: apostrophes and quotes are words, not syntax). */
  readonly verbatim?: boolean;
  /** Options only the `steward` command takes (it removes them before dispatch): elsewhere refused with a pointer. */
  readonly cliOnlyFlags?: readonly { readonly name: string; readonly instead: string }[];
  /** Hidden from chat help (CLI-only helpers). */
  readonly surfaces?: readonly ('chat' | 'cli')[];
  run(ctx: CommandContext, args: A): Promise<Result<Reply>>;
}

export const isLiteral = (i: SyntaxItem): i is LiteralSpec => 'literal' in i;

/** Keeps the argument type of each declaration while storing them in one list. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
