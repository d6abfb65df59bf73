import type { ChatCompletion, ChatCompletionMessageFunctionToolCall, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Logger } from '../ports/logger.js';
import type { LlmConfig } from '../config/llm-config.js';
import { MAX_QUESTION_CHARS, type NaturalLanguage, type NlContext } from './domain/natural-language.js';
import { err, type Err } from '../core/result.js';
import { systemPrompt } from './system-prompt.js';

type Sdk = typeof import('openai');

/**
 * The NaturalLanguage port on any OpenAI-compatible chat completions API (OpenAI, vLLM, Ollama):
 * the question and the functions generated from the command declarations go out; the one function
 * call that comes back becomes a command line through the catalog. No retries (a person is waiting;
 * they can ask again), a bounded timeout, and every failure is a one-line message.
 */
export function openAiNaturalLanguage(cfg: LlmConfig, log: Logger): NaturalLanguage {
  // the SDK is loaded on the first question, not when Steward starts
  let loaded: Promise<{ sdk: Sdk; client: InstanceType<Sdk['default']> }> | undefined;
  const connect = () =>
    (loaded ??= import('openai').then((sdk) => ({
      sdk,
      // every option given explicitly, so the SDK does not pick up OPENAI_* variables behind config's back
      client: new sdk.default({
        apiKey: cfg.apiKey,
        adminAPIKey: null,
        baseURL: cfg.baseUrl,
        organization: null,
        project: null,
        webhookSecret: null,
        maxRetries: 0,
        timeout: cfg.timeoutMs,
        logLevel: 'off',
      }),
    })));
  return {
    async interpret(text, ctx) {
      const question = text.trim();
      if (!question) return err('bad_input', `Ask something after \`${ctx.prefix} ask\`, e.g. \`${ctx.prefix} ask what is live in production?\``);
      if (question.length > MAX_QUESTION_CHARS) return err('bad_input', `That is ${question.length} characters; ask in at most ${MAX_QUESTION_CHARS}.`);
      const { sdk, client } = await connect();
      let res: ChatCompletion;
      try {
        res = await client.chat.completions.create({
          model: cfg.model,
          temperature: 0,
          messages: [
            { role: 'system', content: systemPrompt(ctx) },
            { role: 'user', content: question },
          ],
          tools: ctx.catalog.tools.map((t): ChatCompletionTool => ({ type: 'function', function: { name: t.name, description: t.description, parameters: { ...t.parameters } } })),
          tool_choice: 'auto',
        });
      } catch (e) {
        return serverError(e, sdk, cfg, ctx, log);
      }
      if (!res || !Array.isArray(res.choices)) {
        log.warn({ model: cfg.model, baseUrl: cfg.baseUrl }, 'language model answer is not a chat completion');
        return err('unavailable', `The model server at ${where(cfg)} did not answer like an OpenAI-compatible chat API; an admin should check OPENAI_BASE_URL (it usually ends in /v1). Type the command instead (\`${ctx.prefix} help\`).`);
      }
      const calls = (res.choices[0]?.message?.tool_calls ?? []).filter((c): c is ChatCompletionMessageFunctionToolCall => c?.type === 'function' && !!c.function);
      if (calls.length === 0) return err('bad_input', `I could not turn that into a command; try \`${ctx.prefix} help\`.`);
      if (calls.length > 1) {
        return err('bad_input', `That asks for ${calls.length} commands at once (${calls.map((c) => `\`${String(c.function.name).slice(0, 40)}\``).join(', ')}); ask for one thing at a time.`);
      }
      const call = calls[0]!;
      const name = String(call.function.name ?? '');
      let args: unknown;
      try {
        const raw = call.function.arguments;
        args = raw === undefined || raw === null || raw === '' ? {} : JSON.parse(raw);
      } catch {
        return err('bad_input', `The language model's arguments for \`${name.slice(0, 40)}\` were not valid JSON; rephrase, or type the command (\`${ctx.prefix} help\`).`);
      }
      return ctx.catalog.toCommand(name, args);
    },
  };
}

/** "api.openai.com" or "127.0.0.1:11434": where the model runs, without path or credentials. */
function where(cfg: LlmConfig): string {
  try {
    return new URL(cfg.baseUrl).host;
  } catch {
    return 'the configured server';
  }
}

/** Error text for logs: never the key (servers sometimes echo part of it). */
function scrub(s: string, cfg: LlmConfig): string {
  return s.split(cfg.apiKey).join('[redacted]').replace(/\bsk-[A-Za-z0-9*_-]{4,}/g, 'sk-[redacted]').slice(0, 300);
}

function serverError(e: unknown, { APIConnectionError, APIConnectionTimeoutError, APIError }: Sdk, cfg: LlmConfig, ctx: NlContext, log: Logger): Err {
  if (!(e instanceof APIError)) throw e; // not the server: a bug, reported with a correlation id by the dispatcher
  const host = where(cfg);
  const fallback = `type the command instead (\`${ctx.prefix} help\`)`;
  log.warn({ model: cfg.model, host, status: e.status ?? null, error: e.constructor.name, message: scrub(e.message, cfg) }, 'language model request failed');
  if (e instanceof APIConnectionTimeoutError) return err('unavailable', `The language model at ${host} did not answer within ${Math.round(cfg.timeoutMs / 1000)} s; try again, or ${fallback}.`);
  if (e instanceof APIConnectionError) return err('unavailable', `Natural language is unavailable: cannot reach the model server at ${host}; ${fallback}.`);
  switch (e.status) {
    case 401:
    case 403:
      return err('unavailable', `The model server at ${host} refused Steward's API key (${e.status}); an admin should check OPENAI_API_KEY. Meanwhile ${fallback}.`);
    case 404:
      return err('unavailable', `The model server at ${host} does not know model \`${cfg.model}\` or the API path (404); an admin should check STEWARD_LLM_MODEL and OPENAI_BASE_URL. Meanwhile ${fallback}.`);
    case 429:
      return err('unavailable', `The model server at ${host} is rate-limiting Steward (429); try again in a minute, or ${fallback}.`);
    case 400:
      return err('unavailable', `The model server at ${host} rejected the request (400); model \`${cfg.model}\` may not support tool calls. Meanwhile ${fallback}.`);
    default:
      return err('unavailable', `The model server at ${host} failed (${e.status ?? 'no status'}); try again later, or ${fallback}.`);
  }
}
