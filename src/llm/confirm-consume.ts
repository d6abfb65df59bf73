import type { Clock } from '../core/clock.js';
import { shortName } from '../governance/domain/actor.js';
import { PENDING_COMMAND_TTL_MS, type PendingCommand, type PendingOutcome } from './domain/pending-command.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';

const hhmm = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/**
 * A [Confirm] or [Cancel] click on an interpreted command: in one transaction, lock the row, check
 * that the clicker is the person who asked, that it has not expired and was not used, and consume
 * it. Only the click that consumes it gets the command back to run, so a double click runs it once.
 * A refusal changes nothing.
 */
export async function consumeConfirmation(store: Store, clock: Clock, clicker: string, id: number, outcome: PendingOutcome): Promise<Result<PendingCommand>> {
  const now = clock.now();
  const again = (p: PendingCommand) => `ask again with \`${p.command.split(' ')[0]} ask …\` or type the command`;
  return store.transaction(async (tx) => {
    const p = await tx.pendingCommands.byIdForUpdate(id);
    if (!p) return err('not_found', 'This confirmation no longer exists (confirmations are kept for a day); ask again or type the command.');
    if (p.actor !== clicker) {
      return err('forbidden', `Only @${shortName(p.actor)}, who asked, can ${outcome === 'confirmed' ? 'confirm' : 'cancel'} \`${p.command}\`; to run it yourself, ask Steward or type the command.`, { detail: `${clicker} clicked ${outcome} on pending #${p.id} of ${p.actor}` });
    }
    if (p.consumedAt) {
      return err('conflict', p.outcome === 'cancelled' ? `\`${p.command}\` was cancelled at ${hhmm(p.consumedAt)}; it did not run. To run it, ${again(p)}.` : `\`${p.command}\` was already confirmed at ${hhmm(p.consumedAt)}; it ran once and is not run again.`);
    }
    if (p.expiresAt.getTime() <= now.getTime()) {
      return err('expired', `This confirmation expired at ${hhmm(p.expiresAt)} (they last ${PENDING_COMMAND_TTL_MS / 60_000} minutes); \`${p.command}\` did not run. To run it, ${again(p)}.`);
    }
    if (!(await tx.pendingCommands.consume(p.id, now, outcome))) return err('conflict', `\`${p.command}\` was already handled by another click; it runs at most once.`);
    return ok({ ...p, consumedAt: now, outcome });
  });
}
