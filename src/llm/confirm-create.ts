import type { Clock } from '../core/clock.js';
import type { Platform } from '../governance/domain/actor.js';
import { PENDING_COMMAND_RETENTION_MS, PENDING_COMMAND_TTL_MS, type PendingCommand } from './domain/pending-command.js';
import type { Interpretation } from './domain/natural-language.js';
import { err, ok, type Result } from '../core/result.js';
import { unstorableChar } from '../core/text-safety.js';
import type { Store } from '../ports/store.js';

export interface CreateConfirmationInput {
  /** actor key of the person who asked */
  readonly actor: string;
  readonly channel: { readonly platform: Platform; readonly id: string; readonly threadId?: string };
  readonly interpretation: Interpretation;
}

/**
 * Store a state-changing command understood from natural language until its asker clicks
 * [Confirm] (or [Cancel], or it expires). Nothing runs here. Rows expired more than a day ago are
 * purged on the way.
 */
export async function createConfirmation(store: Store, clock: Clock, input: CreateConfirmationInput): Promise<Result<PendingCommand>> {
  const bad = unstorableChar(input.interpretation.command);
  if (bad !== null) return err('bad_input', `The command understood from your words contains ${bad}, which cannot be stored; type the command instead (see /mlops help).`);
  const now = clock.now();
  return store.transaction(async (tx) => {
    await tx.pendingCommands.purgeExpired(new Date(now.getTime() - PENDING_COMMAND_RETENTION_MS));
    const row = await tx.pendingCommands.create({
      actor: input.actor,
      platform: input.channel.platform,
      channelId: input.channel.id,
      threadId: input.channel.threadId ?? null,
      command: input.interpretation.command,
      verb: input.interpretation.verb,
      risk: input.interpretation.risk,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PENDING_COMMAND_TTL_MS),
    });
    return ok(row);
  });
}
