import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import type { Store } from '../../src/ports/store.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { type Driver, drivers, freshDatabase, type TestDatabase } from './databases.js';

export interface StoreUnderTest {
  readonly name: 'memory' | Driver;
  open(): Promise<{ store: Store; db: TestDatabase | null; close(): Promise<void> }>;
}

/** The in-memory fake and every real driver of this run: contract tests run against each. */
export function storeImpls(): StoreUnderTest[] {
  return [
    { name: 'memory', open: async () => ({ store: new InMemoryStore(), db: null, close: async () => {} }) },
    ...drivers().map((d) => ({
      name: d,
      open: async () => {
        const db = await freshDatabase(d);
        return { store: drizzleStore(db.db), db, close: () => db.close() };
      },
    })),
  ];
}
