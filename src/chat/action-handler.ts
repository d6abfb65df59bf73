import type { Result } from '../core/result.js';
import type { ActionPayload, Reply } from './replies/reply.js';
import type { CommandContext } from './command-context.js';

/**
 * A button's behaviour. The payload carries ids only: the handler reloads the state from the
 * database and re-authorizes the clicker every time. `input` is text the click carried (a reason
 * typed into a modal or at the console prompt).
 */
export type ActionHandler = (ctx: CommandContext, payload: ActionPayload, input: string | undefined) => Promise<Result<Reply>>;
