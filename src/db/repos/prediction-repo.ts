import { and, asc, count, eq, gt, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { NewPrediction, PredictionRecord, PredictionRepo, PredictionWindow, Scalar } from '../../monitoring/domain/monitoring-store.js';
import type { Db } from '../database.js';
import { copyInFor } from './copy-in.js';
import { pieces } from './copy-pieces.js';
import { alreadyLoggedId, PREDICTION_COPY_COLUMNS, predictionCopyText } from './prediction-copy.js';
import { predictionLogs as p } from '../schema.js';

/** Rows per multi-row INSERT (13 parameters each; PostgreSQL allows 65535 per statement). */
const INSERT_CHUNK = 1000;
/** Rows per piece of COPY data: the server inserts one while the next is encoded. */
const COPY_CHUNK = 250;
const LOOKUP_CHUNK = 5000;

/**
 * `at` as epoch milliseconds: drizzle reads a timestamptz by handing PostgreSQL's text
 * ("0050-01-01 00:00:00+00") to `new Date`, which takes years 0001–0099 for 1950–2049.
 */
const atMs = sql<number>`(extract(epoch from ${p.at}) * 1000)::float8`;
const labeledAtMs = sql<number | null>`(extract(epoch from ${p.labeledAt}) * 1000)::float8`;

/**
 * The scalar jsonb columns as their JSON text, parsed here: drizzle's jsonb mapping parses a
 * string value a second time, so a prediction "1" or "[1]" would read back as 1 or [1]. SQL NULL
 * is "no label yet"; a JSON null label ('null') reads back as null.
 */
const predictionJson = sql<string>`${p.prediction}::text`;
const labelJson = sql<string | null>`${p.label}::text`;

function windowWhere(w: PredictionWindow): SQL {
  const conds: SQL[] = [eq(p.modelId, w.modelId), gte(p.at, w.from), lt(p.at, w.to)];
  if (w.environment !== undefined) conds.push(eq(p.environment, w.environment));
  if (w.versionId !== undefined) conds.push(eq(p.versionId, w.versionId));
  if (w.labeled) conds.push(isNotNull(p.label));
  return and(...conds)!;
}

type Rows = Iterable<NewPrediction> | AsyncIterable<NewPrediction>;

/** The COPY text of `rows`, a piece at a time (encoded as it is sent). */
async function* copyText(rows: Rows): AsyncIterable<string> {
  for await (const piece of pieces(rows, COPY_CHUNK)) yield predictionCopyText(piece);
}

/** Multi-row INSERT … ON CONFLICT DO NOTHING, for a driver whose COPY we cannot reach: the ids that already existed (those rows not inserted). */
async function insertRows(db: Db, rows: Rows): Promise<string[]> {
  const existing: string[] = [];
  for await (const chunk of pieces(rows, INSERT_CHUNK)) {
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
          score: r.score,
          // a null label is a label (JSON null), as COPY stores it; SQL NULL is none
          label: r.label === undefined ? null : sql`${JSON.stringify(r.label)}::jsonb`,
          sensitive: (r.sensitive as Record<string, never> | null) ?? null,
          subject: r.subject,
          loggedBy: r.loggedBy,
          loggedAt: r.loggedAt,
        })),
      )
      .onConflictDoNothing({ target: [p.modelId, p.predictionId] })
      .returning({ pid: p.predictionId });
    if (inserted.length < chunk.length) {
      // each inserted id accounts for one row: a second row with the same id was not inserted
      const got = new Set(inserted.map((x) => x.pid));
      for (const r of chunk) if (!got.delete(r.predictionId)) existing.push(r.predictionId);
    }
  }
  return existing;
}

export function predictionRepo(db: Db): PredictionRepo {
  return {
    async insertMany(rows) {
      if (Array.isArray(rows) && rows.length === 0) return [];
      const copy = copyInFor(db);
      if (copy === null) return insertRows(db, rows);
      try {
        await copy('prediction_logs', PREDICTION_COPY_COLUMNS, copyText(rows));
        return [];
      } catch (e) {
        // a unique violation names the first id already logged; the transaction is now aborted
        const id = alreadyLoggedId(e);
        if (id === null) throw e;
        return [id];
      }
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
        .select({ seq: p.id, predictionId: p.predictionId, versionId: p.versionId, environment: p.environment, atMs: atMs, features: p.features, prediction: predictionJson, score: p.score, label: labelJson, labeledAtMs: labeledAtMs, sensitive: p.sensitive })
        .from(p)
        .where(where)
        .orderBy(asc(p.at), asc(p.id))
        .limit(limit);
      return rows.map(({ atMs: ms, labeledAtMs: lms, prediction, label, ...r }): PredictionRecord => ({
        ...r,
        at: new Date(Number(ms)),
        labeledAt: lms === null ? null : new Date(Number(lms)),
        prediction: JSON.parse(prediction) as Scalar,
        label: label === null ? undefined : (JSON.parse(label) as Scalar),
      }));
    },

    async count(w) {
      const [r] = await db.select({ n: count() }).from(p).where(windowWhere(w));
      return Number(r?.n ?? 0);
    },
  };
}
