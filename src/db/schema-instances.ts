import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Running Steward servers (re-exported by schema.ts). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per running `steward start`: renewed every few seconds (`seen_at`), deleted on a clean
 * shutdown. One-shot commands read it to know whether anyone will run the work they queue.
 */
export const stewardInstances = pgTable('steward_instances', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: ts('started_at').notNull(),
  seenAt: ts('seen_at').notNull(),
});
