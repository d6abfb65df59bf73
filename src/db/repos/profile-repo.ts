import { and, asc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { LabelTarget, ProfileRepo, ProfileRow, ProfileSource, Scalar } from '../../monitoring/domain/monitoring-store.js';
import type { Db } from '../database.js';
import { predictionLogs as p, predictionProfiles as pp, profileBases as pb } from '../schema.js';

const LOOKUP_CHUNK = 5000;
/** profiles per UPDATE of saveMany (each some kilobytes of JSON) */
const SAVE_CHUNK = 200;

/** Rows of a raw `execute`: postgres.js gives an array, PGlite `{ rows }`. */
const countOf = (r: unknown): number => (Array.isArray(r) ? r.length : ((r as { rows?: unknown[] }).rows?.length ?? 0));

/** Epoch milliseconds (see prediction-repo.ts: drizzle misreads timestamptz text before the year 100). */
const hourMs = sql<number>`(extract(epoch from ${pp.hour}) * 1000)::float8`;

const columns = { versionId: pp.versionId, environment: pp.environment, hourMs, basis: pp.basis, source: pp.source, modelId: pp.modelId, rows: pp.rows, data: pp.data };
type Selected = { versionId: number; environment: string; hourMs: number; basis: string; source: string; modelId: number; rows: number; data: unknown };
const toRow = ({ hourMs: ms, ...r }: Selected): ProfileRow => ({ ...r, hour: new Date(Number(ms)), source: r.source as ProfileSource, rows: Number(r.rows) });

const keyOrder = (a: { versionId: number; environment: string; hour: Date; basis: string; source: string }, b: typeof a): number =>
  a.versionId - b.versionId || (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0) || a.hour.getTime() - b.hour.getTime() || (a.basis < b.basis ? -1 : a.basis > b.basis ? 1 : 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);

export function profileRepo(db: Db): ProfileRepo {
  return {
    async lock(modelId, keys, empty, at) {
      if (!keys.length) return [];
      const sorted = [...keys].sort(keyOrder);
      await db
        .insert(pp)
        .values(sorted.map((k) => ({ versionId: k.versionId, environment: k.environment, hour: k.hour, basis: k.basis, source: k.source, modelId, rows: 0, data: empty, updatedAt: at })))
        .onConflictDoNothing();
      // one locking select per (version, environment, basis, source), its hours in order: a batch
      // spanning many hours takes a few statements, not one per hour
      const groups = new Map<string, { key: (typeof sorted)[number]; hours: Date[] }>();
      for (const k of sorted) {
        const g = `${k.versionId}\u0000${k.environment}\u0000${k.basis}\u0000${k.source}`;
        const have = groups.get(g);
        if (have) have.hours.push(k.hour);
        else groups.set(g, { key: k, hours: [k.hour] });
      }
      const rows: ProfileRow[] = [];
      for (const { key: k, hours } of groups.values()) {
        for (let i = 0; i < hours.length; i += LOOKUP_CHUNK) {
          const found = await db
            .select(columns)
            .from(pp)
            .where(and(eq(pp.versionId, k.versionId), eq(pp.environment, k.environment), eq(pp.basis, k.basis), eq(pp.source, k.source), inArray(pp.hour, hours.slice(i, i + LOOKUP_CHUNK))))
            .orderBy(asc(pp.hour))
            .for('update');
          rows.push(...found.map((r) => toRow(r as Selected)));
        }
      }
      return rows;
    },

    async save(row, at) {
      await db
        .update(pp)
        .set({ rows: row.rows, data: row.data, updatedAt: at })
        .where(and(eq(pp.versionId, row.versionId), eq(pp.environment, row.environment), eq(pp.hour, row.hour), eq(pp.basis, row.basis), eq(pp.source, row.source)));
    },

    async saveMany(list, at) {
      for (let i = 0; i < list.length; i += SAVE_CHUNK) {
        const values = sql.join(
          list.slice(i, i + SAVE_CHUNK).map((r) => sql`(${r.versionId}::int, ${r.environment}::text, ${r.hour.toISOString()}::timestamptz, ${r.basis}::text, ${r.source}::text, ${r.rows}::bigint, ${JSON.stringify(r.data)}::jsonb)`),
          sql`, `,
        );
        await db.execute(
          sql`update ${pp} set rows = v.rows, data = v.data, updated_at = ${at.toISOString()}::timestamptz from (values ${values}) as v(version_id, environment, hour, basis, source, rows, data)
              where ${pp.versionId} = v.version_id and ${pp.environment} = v.environment and ${pp.hour} = v.hour and ${pp.basis} = v.basis and ${pp.source} = v.source`,
        );
      }
    },

    async window(q) {
      const conds = [eq(pp.versionId, q.versionId), gte(pp.hour, q.from), lt(pp.hour, q.to)];
      if (q.environment !== undefined) conds.push(eq(pp.environment, q.environment));
      const rows = await db.select(columns).from(pp).where(and(...conds)).orderBy(asc(pp.hour), asc(pp.environment));
      return rows.map((r) => toRow(r as Selected));
    },

    async removeOthers(versionId, environment, from, to, keep) {
      await db
        .delete(pp)
        .where(and(eq(pp.versionId, versionId), eq(pp.environment, environment), gte(pp.hour, from), lt(pp.hour, to), eq(pp.source, 'rows'), or(ne(pp.hour, keep.hour), ne(pp.basis, keep.basis))));
    },

    async foldable(before, limit) {
      const day = sql`date_trunc('day', ${pp.hour}, 'UTC')`;
      const rows = await db
        .selectDistinct({ versionId: pp.versionId, environment: pp.environment, basis: pp.basis, source: pp.source, modelId: pp.modelId, dayMs: sql<number>`(extract(epoch from ${day}) * 1000)::float8` })
        .from(pp)
        .where(and(lt(pp.hour, before), ne(pp.hour, day)))
        .limit(limit);
      return rows.map(({ dayMs, ...r }) => ({ ...r, source: r.source as ProfileSource, day: new Date(Number(dayMs)) }));
    },

    async lockRange(key, from, to) {
      const rows = await db
        .select(columns)
        .from(pp)
        .where(and(eq(pp.versionId, key.versionId), eq(pp.environment, key.environment), eq(pp.basis, key.basis), eq(pp.source, key.source), gte(pp.hour, from), lt(pp.hour, to)))
        .orderBy(asc(pp.hour))
        .for('update');
      return rows.map((r) => toRow(r as Selected));
    },

    async remove(keys) {
      for (const k of keys) await db.delete(pp).where(and(eq(pp.versionId, k.versionId), eq(pp.environment, k.environment), eq(pp.hour, k.hour), eq(pp.basis, k.basis), eq(pp.source, k.source)));
    },

    async versionBasis(versionId, forUpdate) {
      // to lock the record it must exist: '' stands for "never built"
      if (forUpdate) await db.insert(pb).values({ versionId, basis: '', builtAt: new Date(0) }).onConflictDoNothing();
      const q = db.select({ basis: pb.basis }).from(pb).where(eq(pb.versionId, versionId));
      const [r] = forUpdate ? await q.for('update') : await q;
      return r?.basis || null;
    },

    async setVersionBasis(versionId, basis, at) {
      await db.insert(pb).values({ versionId, basis, builtAt: at }).onConflictDoUpdate({ target: pb.versionId, set: { basis, builtAt: at } });
    },

    async hasRawRows(versionId) {
      const [r] = await db.select({ one: sql<number>`1` }).from(p).where(eq(p.versionId, versionId)).limit(1);
      return r !== undefined;
    },

    async rawHours(versionId) {
      const rows = await db
        .select({ environment: p.environment, ms: sql<number>`(extract(epoch from date_trunc('hour', ${p.at}, 'UTC')) * 1000)::float8` })
        .from(p)
        .where(eq(p.versionId, versionId))
        .groupBy(p.environment, sql`date_trunc('hour', ${p.at}, 'UTC')`);
      return rows.map((r) => ({ environment: r.environment, hour: new Date(Number(r.ms)) }));
    },

    async eraseRows(modelId, by) {
      const out: { predictionId: string; versionId: number; environment: string; at: Date }[] = [];
      const ids = 'ids' in by ? by.ids : [null];
      for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
        const which = 'ids' in by ? inArray(p.predictionId, ids.slice(i, i + LOOKUP_CHUNK) as string[]) : eq(p.subject, by.subject);
        const rows = await db
          .delete(p)
          .where(and(eq(p.modelId, modelId), which))
          .returning({ predictionId: p.predictionId, versionId: p.versionId, environment: p.environment, atMs: sql<number>`(extract(epoch from ${p.at}) * 1000)::float8` });
        for (const { atMs, ...r } of rows) out.push({ ...r, at: new Date(Number(atMs)) });
      }
      return out;
    },

    async deleteRowsBefore(before, limit) {
      // a small batch, skipping rows another transaction holds: retention never waits on ingestion
      const rows = await db.execute(sql`delete from ${p} where ${p.id} in (select ${p.id} from ${p} where ${p.at} < ${before.toISOString()}::timestamptz limit ${limit} for update skip locked) returning 1`);
      return countOf(rows);
    },

    async deleteProfilesBefore(before, limit) {
      const rows = await db.execute(sql`delete from ${pp} where ctid in (select ctid from ${pp} where ${pp.hour} < ${before.toISOString()}::timestamptz limit ${limit} for update skip locked) returning 1`);
      return countOf(rows);
    },

    async labelTargets(modelId, ids) {
      const out: LabelTarget[] = [];
      for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
        const rows = await db
          .select({ predictionId: p.predictionId, versionId: p.versionId, environment: p.environment, atMs: sql<number>`(extract(epoch from ${p.at}) * 1000)::float8`, prediction: sql<string>`${p.prediction}::text`, score: p.score, label: sql<string | null>`${p.label}::text`, labeledAtMs: sql<number | null>`(extract(epoch from ${p.labeledAt}) * 1000)::float8`, sensitive: p.sensitive })
          .from(p)
          .where(and(eq(p.modelId, modelId), inArray(p.predictionId, ids.slice(i, i + LOOKUP_CHUNK) as string[])));
        // scalar jsonb as text, parsed here: drizzle would parse a string value twice (see prediction-repo.ts)
        for (const { atMs, labeledAtMs, prediction, label, ...r } of rows) out.push({ ...r, at: new Date(Number(atMs)), labeledAt: labeledAtMs === null ? null : new Date(Number(labeledAtMs)), prediction: JSON.parse(prediction) as Scalar, label: label === null ? undefined : (JSON.parse(label) as Scalar) });
      }
      return out;
    },
  };
}
