import { and, asc, count, eq, gt, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PredictionRecord, PredictionRepo, PredictionWindow } from '../../monitoring/domain/monitoring-store.js';
import type { Db } from '../database.js';
import { predictionLogs as p } from '../schema.js';

/** Rows per multi-row INSERT (13 parameters each; PostgreSQL allows 65535 per statement). */
const INSERT_CHUNK = 1000;
const LOOKUP_CHUNK = 5000;

/**
 * `at` as epoch milliseconds: drizzle reads a timestamptz by handing PostgreSQL's text
 * ("0050-01-01 00:00:00+00") to `new Date`, which takes years 0001–0099 for 1950–2049.
 */
const atMs = sql<number>`(extract(epoch from ${p.at}) * 1000)::float8`;

function windowWhere(w: PredictionWindow): SQL {
  const conds: SQL[] = [eq(p.modelId, w.modelId), gte(p.at, w.from), lt(p.at, w.to)];
  if (w.environment !== undefined) conds.push(eq(p.environment, w.environment));
  if (w.versionId !== undefined) conds.push(eq(p.versionId, w.versionId));
  if (w.labeled) conds.push(isNotNull(p.label));
  return and(...conds)!;
}

export function predictionRepo(db: Db): PredictionRepo {
  return {
    async insertMany(rows) {
      const existing: string[] = [];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        const inserted = await db
          .insert(p)
          .values(
            chunk.map((r) => ({
              modelId: r.modelId,
              versionId: r.versionId,
              environment: r.environment,
              predictionId: r.predictionId,
              at: r.at,
              features: r.features as Record<string, never>,
              prediction: r.prediction,
              label: r.label === undefined ? null : r.label,
              labeledAt: r.label === undefined ? null : r.loggedAt,
              sensitive: (r.sensitive as Record<string, never> | null) ?? null,
              loggedBy: r.loggedBy,
              loggedAt: r.loggedAt,
            })),
          )
          .onConflictDoNothing({ target: [p.modelId, p.predictionId] })
          .returning({ pid: p.predictionId });
        if (inserted.length < chunk.length) {
          const got = new Set(inserted.map((x) => x.pid));
          existing.push(...chunk.filter((r) => !got.has(r.predictionId)).map((r) => r.predictionId));
        }
      }
      return existing;
    },

    async attachLabels(modelId, labels, at) {
      const missing: string[] = [];
      for (let i = 0; i < labels.length; i += LOOKUP_CHUNK) {
        const ids = labels.slice(i, i + LOOKUP_CHUNK).map((l) => l.predictionId);
        const found = await db.select({ pid: p.predictionId }).from(p).where(and(eq(p.modelId, modelId), inArray(p.predictionId, ids)));
        const have = new Set(found.map((f) => f.pid));
        missing.push(...ids.filter((id) => !have.has(id)));
      }
      if (missing.length) return missing;
      for (let i = 0; i < labels.length; i += INSERT_CHUNK) {
        const values = sql.join(
          labels.slice(i, i + INSERT_CHUNK).map((l) => sql`(${l.predictionId}::text, ${JSON.stringify(l.label)}::jsonb)`),
          sql`, `,
        );
        await db.execute(
          sql`update ${p} set label = v.label, labeled_at = ${at.toISOString()}::timestamptz from (values ${values}) as v(pid, label) where ${p.modelId} = ${modelId} and ${p.predictionId} = v.pid`,
        );
      }
      return [];
    },

    async page(w, cursor, limit) {
      const where = cursor ? and(windowWhere(w), or(gt(p.at, cursor.at), and(eq(p.at, cursor.at), gt(p.id, cursor.seq)))) : windowWhere(w);
      const rows = await db
        .select({ seq: p.id, predictionId: p.predictionId, versionId: p.versionId, environment: p.environment, atMs: atMs, features: p.features, prediction: p.prediction, label: p.label, sensitive: p.sensitive })
        .from(p)
        .where(where)
        .orderBy(asc(p.at), asc(p.id))
        .limit(limit);
      return rows.map(({ atMs: ms, ...r }): PredictionRecord => ({ ...r, at: new Date(Number(ms)), label: r.label === null ? undefined : r.label }));
    },

    async count(w) {
      const [r] = await db.select({ n: count() }).from(p).where(windowWhere(w));
      return Number(r?.n ?? 0);
    },
  };
}
