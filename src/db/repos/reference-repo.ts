import { asc, eq } from 'drizzle-orm';
import { endianness } from 'node:os';
import type { ReferenceColumn, ReferenceRepo, ReferenceSummary } from '../../monitoring/domain/monitoring-store.js';
import type { Db } from '../database.js';
import { referenceColumns, referenceDatasets } from '../schema.js';

// Column bytes are stored little-endian; typed arrays use the platform's order.
if (endianness() !== 'LE') throw new Error('reference data storage assumes a little-endian platform');

const bytesOf = (a: Float64Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Copy into a fresh, aligned buffer (driver buffers may be unaligned views into a pool). */
function aligned(u8: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(u8.byteLength);
  copy.set(u8);
  return copy.buffer;
}

const toSummary = (r: typeof referenceDatasets.$inferSelect): ReferenceSummary => ({
  versionId: r.versionId,
  rows: r.rows,
  columns: r.columns,
  sha256: r.sha256,
  source: r.source,
  uploadedBy: r.uploadedBy,
  uploadedAt: r.uploadedAt,
});

export function referenceRepo(db: Db): ReferenceRepo {
  const summary = async (versionId: number) => {
    const [r] = await db.select().from(referenceDatasets).where(eq(referenceDatasets.versionId, versionId));
    return r ? toSummary(r) : null;
  };
  return {
    summary,
    async put(d) {
      const previous = await summary(d.versionId);
      if (previous) await db.delete(referenceDatasets).where(eq(referenceDatasets.versionId, d.versionId)); // columns cascade
      await db.insert(referenceDatasets).values({ versionId: d.versionId, rows: d.rows, columns: d.columns.map((c) => ({ name: c.name, kind: c.kind })), sha256: d.sha256, source: d.source, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt });
      // One column per statement: a column is one parameter of up to rows × 8 bytes.
      for (const [position, c] of d.data.entries()) {
        await db.insert(referenceColumns).values({
          versionId: d.versionId,
          position,
          name: c.name,
          kind: c.kind,
          data: bytesOf(c.kind === 'numeric' ? c.values : c.codes),
          categories: c.kind === 'categorical' ? [...c.categories] : [],
        });
      }
      return previous;
    },
    async get(versionId) {
      const s = await summary(versionId);
      if (!s) return null;
      const cols = await db.select().from(referenceColumns).where(eq(referenceColumns.versionId, versionId)).orderBy(asc(referenceColumns.position));
      const data = cols.map((c): ReferenceColumn =>
        c.kind === 'numeric'
          ? { name: c.name, kind: 'numeric', values: new Float64Array(aligned(c.data)) }
          : { name: c.name, kind: 'categorical', codes: new Int32Array(aligned(c.data)), categories: c.categories },
      );
      return { ...s, data };
    },
  };
}
