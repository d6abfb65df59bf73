import { z } from 'zod';
import { envWholeNumber } from './env-number.js';
import type { ConfigProblem } from './config.js';

/**
 * Optional natural language through any OpenAI-compatible server (OpenAI, a local vLLM or Ollama).
 * null in Config when OPENAI_API_KEY is unset: the feature is off. The key never reaches a log or a
 * problem message.
 */
export interface LlmConfig {
  readonly apiKey: string;
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (ends without "/") */
  readonly baseUrl: string;
  /** the model the server serves, e.g. gpt-4o-mini */
  readonly model: string;
  /** how long one request may take before Steward gives up (no retries) */
  readonly timeoutMs: number;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

export const llmEnvSchema = z.object({
  OPENAI_API_KEY: z.string().regex(/^\S{1,512}$/, 'OPENAI_API_KEY is one word with no spaces (your OpenAI key, or any placeholder for a local server that ignores keys)').optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: 'OPENAI_BASE_URL is the http(s) URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 for Ollama (leave unset for OpenAI)' }).optional(),
  STEWARD_LLM_MODEL: z.string().regex(/^[A-Za-z0-9._:/@+-]{1,128}$/, 'STEWARD_LLM_MODEL is a model name the server serves, e.g. gpt-4o-mini or llama3.1:8b').optional(),
  STEWARD_LLM_TIMEOUT_SECONDS: envWholeNumber('STEWARD_LLM_TIMEOUT_SECONDS', 1, 300, 20).default(20),
});

/** Natural-language settings from the environment: null when OPENAI_API_KEY is unset (and nothing else asks for it). */
export function resolveLlmConfig(env: Record<string, string | undefined>): { llm: LlmConfig | null; problems: ConfigProblem[] } {
  const parsed = llmEnvSchema.safeParse(env);
  if (!parsed.success) {
    // never echo a key back: name the field and the fix only
    return { llm: null, problems: parsed.error.issues.map((i) => ({ where: `env: ${String(i.path[0] ?? 'OPENAI')}`, message: i.message })) };
  }
  const e = parsed.data;
  if (!e.OPENAI_API_KEY) {
    const asked = ['OPENAI_BASE_URL', 'STEWARD_LLM_MODEL'].filter((k) => env[k] !== undefined && env[k] !== '');
    if (asked.length) {
      return {
        llm: null,
        problems: [{ where: 'env: OPENAI_API_KEY', message: `${asked.join(' and ')} ${asked.length > 1 ? 'are' : 'is'} set but OPENAI_API_KEY is not, so natural language would stay off; set OPENAI_API_KEY (any placeholder works for a local server that ignores keys), or unset ${asked.join(' and ')}` }],
      };
    }
    return { llm: null, problems: [] };
  }
  if (e.OPENAI_BASE_URL && !e.STEWARD_LLM_MODEL) {
    return { llm: null, problems: [{ where: 'env: STEWARD_LLM_MODEL', message: 'OPENAI_BASE_URL points at your own server: set STEWARD_LLM_MODEL to a model it serves (e.g. llama3.1:8b on Ollama); it must support tool calls' }] };
  }
  return {
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: (e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      model: e.STEWARD_LLM_MODEL ?? OPENAI_DEFAULT_MODEL,
      timeoutMs: e.STEWARD_LLM_TIMEOUT_SECONDS * 1000,
    },
    problems: [],
  };
}
