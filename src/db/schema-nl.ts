import { index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Natural-language commands waiting for a [Confirm] click (re-exported by schema.ts). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per interpreted state-changing command. Buttons carry only the id; a click reloads the
 * row, checks the clicker is `actor`, that it has not expired, and consumes it (row lock +
 * `consumed_at is null` guard), so a double click runs the command once.
 */
export const pendingCommands = pgTable(
  'pending_commands',
  {
    id: serial('id').primaryKey(),
    actor: text('actor').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    threadId: text('thread_id'),
    command: text('command').notNull(),
    verb: text('verb').notNull(),
    risk: text('risk').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
    /** confirmed | cancelled, set with consumed_at */
    outcome: text('outcome'),
  },
  (t) => [index('pending_commands_expires_idx').on(t.expiresAt)],
);
