import type { NlContext } from './domain/natural-language.js';

/** At most this many model names go into the prompt (a hint, not the source of truth). */
const MAX_MODELS = 200;

/**
 * What the model is told: turn one request into one function call, with only the values the
 * request gives. It never answers questions itself — Steward's commands do, from the database.
 */
export function systemPrompt(ctx: NlContext): string {
  const models = ctx.models.slice(0, MAX_MODELS);
  const more = ctx.models.length - models.length;
  return [
    'You turn one request from a member of an ML team into exactly one Steward command, by calling one of the functions.',
    'Steward keeps a model registry, deploys and rolls back model versions with approvals, and reports drift and bias.',
    'Rules:',
    '- Call exactly one function. Fill in only the arguments the request states or clearly implies; leave optional ones out otherwise.',
    '- Never invent a model name, version number, request id, reason or time. If a required value is missing, still call the function without it.',
    '- Use the exact model names listed below; if the request does not clearly name one of them, copy the user\'s words as given.',
    '- If no function fits, or the request needs several commands, do not call a function: answer in one short sentence.',
    `Environments: ${ctx.environments.join(', ')}.`,
    `Registered models: ${models.length ? models.join(', ') : '(none yet)'}${more > 0 ? ` (and ${more} more)` : ''}.`,
    `Current time: ${ctx.now.toISOString()}.`,
  ].join('\n');
}
