import type { PendingCommand, PendingCommandRepo } from '../../src/llm/domain/pending-command.js';

/** Pending natural-language confirmations of the InMemoryStore (snapshotted with the rest per transaction). */
export interface PendingCommandsState {
  rows: PendingCommand[];
  seq: number;
}

export const emptyPendingCommandsState = (): PendingCommandsState => ({ rows: [], seq: 0 });

const clone = <T>(v: T): T => structuredClone(v);

export function pendingCommandRepos(s: () => PendingCommandsState): { pendingCommands: PendingCommandRepo } {
  const find = (id: number) => s().rows.find((r) => r.id === id) ?? null;
  return {
    pendingCommands: {
      async create(p) {
        const row: PendingCommand = { ...clone(p), threadId: p.threadId ?? null, id: ++s().seq, consumedAt: null, outcome: null };
        s().rows.push(row);
        return clone(row);
      },
      byId: async (id) => clone(find(id)),
      byIdForUpdate: async (id) => clone(find(id)),
      async consume(id, at, outcome) {
        const i = s().rows.findIndex((r) => r.id === id && r.consumedAt === null);
        if (i < 0) return false;
        s().rows[i] = { ...s().rows[i]!, consumedAt: new Date(at.getTime()), outcome };
        return true;
      },
      async purgeExpired(before) {
        const keep = s().rows.filter((r) => r.expiresAt.getTime() >= before.getTime());
        const n = s().rows.length - keep.length;
        s().rows = keep;
        return n;
      },
    },
  };
}
