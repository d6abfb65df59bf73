import { and, asc, eq, sql } from 'drizzle-orm';
import type { MirroredModel, MirroredVersion, MirrorRepo } from '../../mirror/domain/mirror-store.js';
import type { Db } from '../database.js';
import { mlflowAliases, mlflowDeliveries, mlflowModels, mlflowVersions, models, modelVersions } from '../schema.js';

const modelCols = { modelId: mlflowModels.modelId, modelName: models.name, mlflowName: mlflowModels.mlflowName, linkedAt: mlflowModels.linkedAt };
const versionCols = { versionId: mlflowVersions.versionId, modelId: mlflowVersions.modelId, version: mlflowVersions.version, runId: mlflowVersions.runId, tags: mlflowVersions.tags, description: mlflowVersions.description, mlflowUser: mlflowVersions.mlflowUser, runPending: mlflowVersions.runPending, deletedAt: mlflowVersions.deletedAt };
/** rows inserted or deleted by a raw statement: postgres.js gives an array, PGlite `{ rows }` */
const countOf = (r: unknown): number => (Array.isArray(r) ? r.length : ((r as { rows?: unknown[] }).rows?.length ?? 0));

export function mirrorRepo(db: Db): MirrorRepo {
  const selectModels = () => db.select(modelCols).from(mlflowModels).innerJoin(models, eq(models.id, mlflowModels.modelId));
  return {
    async claimDelivery(deliveryId, event, at) {
      const r = await db.insert(mlflowDeliveries).values({ deliveryId, event, receivedAt: at }).onConflictDoNothing().returning({ id: mlflowDeliveries.deliveryId });
      return countOf(r) > 0;
    },
    async linkModel(modelId, mlflowName, at) {
      await db.insert(mlflowModels).values({ modelId, mlflowName, linkedAt: at }).onConflictDoNothing();
    },
    async modelByMlflowName(mlflowName) {
      const [row] = await selectModels().where(eq(mlflowModels.mlflowName, mlflowName));
      return (row as MirroredModel | undefined) ?? null;
    },
    async modelOf(modelId) {
      const [row] = await selectModels().where(eq(mlflowModels.modelId, modelId));
      return (row as MirroredModel | undefined) ?? null;
    },
    async linkedModels() {
      return (await selectModels().orderBy(asc(models.name))) as MirroredModel[];
    },
    async addVersion(v, at) {
      await db.insert(mlflowVersions).values({ ...v, tags: { ...v.tags }, mirroredAt: at }).onConflictDoNothing();
    },
    async versions(modelId) {
      return (await db.select(versionCols).from(mlflowVersions).where(eq(mlflowVersions.modelId, modelId)).orderBy(asc(mlflowVersions.version))) as MirroredVersion[];
    },
    async version(versionId) {
      const [row] = await db.select(versionCols).from(mlflowVersions).where(eq(mlflowVersions.versionId, versionId));
      return (row as MirroredVersion | undefined) ?? null;
    },
    async pendingRuns(limit) {
      const rows = await db
        .select({ ...versionCols, modelName: models.name })
        .from(mlflowVersions)
        .innerJoin(models, eq(models.id, mlflowVersions.modelId))
        .where(eq(mlflowVersions.runPending, true))
        .orderBy(asc(mlflowVersions.mirroredAt))
        .limit(limit);
      return rows as (MirroredVersion & { modelName: string })[];
    },
    async setRunFacts(versionId, metrics, params) {
      await db
        .update(modelVersions)
        .set({ metrics: sql`${modelVersions.metrics} || ${JSON.stringify(metrics)}::jsonb`, params: sql`${modelVersions.params} || ${JSON.stringify(params)}::jsonb` })
        .where(eq(modelVersions.id, versionId));
      await db.update(mlflowVersions).set({ runPending: false }).where(eq(mlflowVersions.versionId, versionId));
    },
    async markDeleted(versionId, at) {
      await db.update(mlflowVersions).set({ deletedAt: at }).where(and(eq(mlflowVersions.versionId, versionId), sql`${mlflowVersions.deletedAt} is null`));
    },
    async raiseLatest(modelId, version) {
      await db.update(models).set({ latestVersion: sql`greatest(${models.latestVersion}, ${version})` }).where(eq(models.id, modelId));
    },
    async aliasAt(modelId, alias) {
      const [row] = await db.select({ version: mlflowAliases.version }).from(mlflowAliases).where(and(eq(mlflowAliases.modelId, modelId), eq(mlflowAliases.alias, alias)));
      return row ? row.version : undefined;
    },
    async setAlias(modelId, alias, version, at) {
      await db.insert(mlflowAliases).values({ modelId, alias, version, seenAt: at }).onConflictDoUpdate({ target: [mlflowAliases.modelId, mlflowAliases.alias], set: { version, seenAt: at } });
    },
  };
}
