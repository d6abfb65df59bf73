import type { Risk } from '../../governance/domain/access.js';
import type { Result } from '../../core/result.js';

/** Longest question sent to a language model. */
export const MAX_QUESTION_CHARS = 2000;

/**
 * The natural-language port: free text -> one typed Steward command line. Implementations (an
 * OpenAI-compatible model, src/llm) never run anything: the line they produce goes through the
 * normal dispatcher, which parses and validates it strictly like a typed command.
 */
export interface NaturalLanguage {
  interpret(text: string, context: NlContext): Promise<Result<Interpretation>>;
}

export interface Interpretation {
  /** the canonical command line, e.g. `/mlops deploy fraud-detector 7 to production` */
  readonly command: string;
  readonly verb: string;
  /** from the verb's declaration, never from the model */
  readonly risk: Risk;
  /** what the verb does (its declared summary) */
  readonly explanation: string;
}

/** One function the model may call: a chat verb, generated from its declaration. */
export interface NlTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of an object (type, properties, required, additionalProperties) */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** The command language as the model sees it, and the way back from a function call to a line. */
export interface NlCatalog {
  readonly tools: readonly NlTool[];
  /**
   * A function call -> a canonical command line (values quoted for the tokenizer). It does not
   * validate the values: the dispatcher does, with its usual messages. Errors only for calls that
   * cannot be written as a line at all (an unknown function, arguments that are not an object).
   */
  toCommand(name: string, args: unknown): Result<Interpretation>;
}

export interface NlContext {
  readonly catalog: NlCatalog;
  /** configured environment names */
  readonly environments: readonly string[];
  /** registered model names (a hint for the model; it is told never to invent one) */
  readonly models: readonly string[];
  /** the chat prefix, e.g. "/mlops" */
  readonly prefix: string;
  readonly now: Date;
}
