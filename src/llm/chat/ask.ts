import { z } from 'zod';
import { interpretAndAct } from './interpret-and-act.js';
import { MAX_QUESTION_CHARS } from '../domain/natural-language.js';
import type { CommandRegistry } from '../../chat/command-registry.js';
import { defineCommand } from '../../chat/command-spec.js';

/**
 * Natural language, explicitly: `/mlops ask <question…>`. The text is taken as typed (verbatim), a
 * language model turns it into one typed command, and that command goes through the dispatcher like
 * any other. Reads run at once; changes wait for the asker's [Confirm].
 */
export const makeAskCommand = (registry: () => CommandRegistry) =>
  defineCommand({
    name: 'ask',
    summary: 'Ask in plain words; a language model turns it into one command (reads run at once, changes wait for your Confirm). Needs OPENAI_API_KEY.',
    syntax: [{ name: 'question', label: 'question', rest: true }],
    schema: z.object({ question: z.string().trim().min(1, 'ask a question').max(MAX_QUESTION_CHARS, `ask in at most ${MAX_QUESTION_CHARS} characters`) }).strict(),
    risk: 'read',
    verbatim: true,
    surfaces: ['chat'],
    examples: ["ask what's live in production for fraud-detector?", 'ask deploy fraud-detector 7 to production'],
    run: (ctx, a) => interpretAndAct(registry(), ctx, a.question),
  });
