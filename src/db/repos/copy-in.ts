import type { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import type { Db } from '../database.js';

/**
 * `COPY <table> (<columns>) FROM STDIN` of text-format data on the connection behind a drizzle
 * database or transaction: postgres.js streams it over the wire protocol, PGlite reads it as a
 * blob (`FROM '/dev/blob'`). Inside a transaction it runs on that transaction's connection, so it
 * commits or rolls back with the rest. A COPY the database refuses rejects as drizzle's own
 * statements do, with a DrizzleQueryError whose cause is the driver's error (code, detail,
 * constraint), and leaves the transaction aborted: the caller must roll it back. An error of
 * `chunks` itself comes out as it is.
 */
export type CopyIn = (table: string, columns: readonly string[], chunks: AsyncIterable<string>) => Promise<void>;

/** What we use of a postgres.js query (`sql.unsafe(text)`), whose `reject` settles it. */
interface PostgresJsQuery extends PromiseLike<unknown> {
  writable(): Promise<Writable>;
  reject: (e: unknown) => void;
}
interface PostgresJsClient {
  unsafe(text: string): PostgresJsQuery;
}
interface PgliteClient {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

const isPostgresJs = (c: unknown): c is PostgresJsClient => typeof (c as PostgresJsClient | null)?.unsafe === 'function';
const isPglite = (c: unknown): c is PgliteClient => typeof (c as PgliteClient | null)?.query === 'function' && typeof (c as { exec?: unknown }).exec === 'function';

/** The COPY of `db`'s driver, or null when it has none we know (then use INSERT). */
export function copyInFor(db: Db): CopyIn | null {
  // drizzle keeps the driver's client (the pool, or the transaction's connection) on its session
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (isPostgresJs(client)) return (table, columns, chunks) => copyPostgresJs(client, `${copyInto(table, columns)} FROM STDIN`, chunks);
  if (isPglite(client)) return (table, columns, chunks) => copyPglite(client, `${copyInto(table, columns)} FROM '/dev/blob'`, chunks);
  return null;
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  return name;
};

const copyInto = (table: string, columns: readonly string[]): string => `COPY ${ident(table)} (${columns.map(ident).join(', ')})`;

/**
 * postgres.js (3.4): `sql.unsafe('copy … from stdin').writable()` resolves to a Writable. A
 * server error that arrives before `end()` destroys the stream; one that arrives after it (a
 * unique violation found at the last row, a deferred check) only reaches the query's `reject`,
 * which is a no-op once the query has resolved to the stream, and the stream never finishes
 * (porsager/postgres#1173). So `reject` is wrapped to settle the copy with that error, and the
 * transaction can roll back.
 *
 * Each chunk is written once the previous one is in the socket: the server parses and inserts
 * a chunk while the next one is produced. A source that throws aborts the COPY (CopyFail).
 */
async function copyPostgresJs(client: PostgresJsClient, text: string, chunks: AsyncIterable<string>): Promise<void> {
  const refused = (e: unknown) => new DrizzleQueryError(text, [], e as Error);
  const query = client.unsafe(text);
  let failWith: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (failWith = (e) => reject(refused(e))));
  failed.catch(() => {}); // observed through the races below
  const reject = query.reject;
  if (typeof reject === 'function') {
    query.reject = (e) => {
      failWith(e);
      reject(e);
    };
  }
  const stream = await Promise.race([query.writable(), failed]);
  stream.once('error', failWith);
  const finished = new Promise<void>((resolve) => stream.once('finish', resolve));
  const source = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([source.next(), failed]);
      if (next.done) break;
      await Promise.race([new Promise<void>((written) => stream.write(next.value, () => written())), failed]);
    }
  } catch (e) {
    // the server refused the data (the stream is destroyed already), or the source failed: end
    // both; the server is told only that the rows ended (CopyFail), not the source's error
    source.return?.().catch(() => {});
    if (!stream.destroyed) stream.destroy(new Error('the rows to copy could not be produced'));
    throw e;
  }
  stream.end();
  await Promise.race([finished, failed]);
}

async function copyPglite(client: PgliteClient, text: string, chunks: AsyncIterable<string>): Promise<void> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  try {
    await client.query(text, [], { blob: new Blob(parts) });
  } catch (e) {
    throw new DrizzleQueryError(text, [], e as Error);
  }
}
