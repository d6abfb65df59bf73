import type { Repos, Store } from '../../src/ports/store.js';

/**
 * A Store that counts the reads of some repository methods outside transactions (what renderers and
 * notifiers do), around any Store. `counts['decisions.list']` is how often a deployment card was
 * rendered: the card is the only reader of a request's decisions outside a transaction.
 */
export function countingStore(inner: Store, methods: readonly `${keyof Repos}.${string}`[]): { store: Store; counts: Record<string, number> } {
  const counts: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
  const read = { ...inner.read } as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;
  for (const m of methods) {
    const [repo, fn] = m.split('.') as [string, string];
    const r = { ...(inner.read as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[repo]! };
    const original = r[fn]!;
    r[fn] = (...a: unknown[]) => {
      counts[m]!++;
      return original.apply(r, a);
    };
    read[repo] = r;
  }
  return { store: { read: read as unknown as Repos, transaction: (fn) => inner.transaction(fn) }, counts };
}
