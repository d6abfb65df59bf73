import type { Platform } from '../../governance/domain/actor.js';
import type { Risk } from '../../governance/domain/access.js';

/** How long a [Confirm] button of an interpreted command stays valid. */
export const PENDING_COMMAND_TTL_MS = 10 * 60_000;

/** Rows are kept this long past their expiry (for questions like "did that run?"), then purged. */
export const PENDING_COMMAND_RETENTION_MS = 24 * 60 * 60_000;

export type PendingOutcome = 'confirmed' | 'cancelled';

/**
 * A state-changing command understood from natural language, waiting for its asker's [Confirm].
 * Buttons carry only the id; the row says who may confirm, where, what, and until when.
 */
export interface PendingCommand {
  readonly id: number;
  /** actor key of the person who asked, e.g. "slack:U123" */
  readonly actor: string;
  readonly platform: Platform;
  readonly channelId: string;
  readonly threadId: string | null;
  /** the canonical command line, e.g. `/mlops deploy fraud-detector 7 to production` */
  readonly command: string;
  readonly verb: string;
  readonly risk: Risk;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
  readonly outcome: PendingOutcome | null;
}

export type NewPendingCommand = Omit<PendingCommand, 'id' | 'consumedAt' | 'outcome'>;

export interface PendingCommandRepo {
  create(p: NewPendingCommand): Promise<PendingCommand>;
  byId(id: number): Promise<PendingCommand | null>;
  /** Locks the row for the rest of the transaction (two clicks on one button serialize here). */
  byIdForUpdate(id: number): Promise<PendingCommand | null>;
  /** Marks it used; false when it already was (the second of two clicks). */
  consume(id: number, at: Date, outcome: PendingOutcome): Promise<boolean>;
  /** Deletes rows that expired before `before`; returns how many. */
  purgeExpired(before: Date): Promise<number>;
}
