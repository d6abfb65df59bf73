import { and, desc, eq } from 'drizzle-orm';
import type { ModelVersion } from '../../registry/domain/model.js';
import type { VersionRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { models, modelVersions } from '../schema.js';

const cols = { v: modelVersions, modelName: models.name };
type Joined = { v: typeof modelVersions.$inferSelect; modelName: string };

const toVersion = ({ v, modelName }: Joined): ModelVersion => ({
  id: v.id,
  modelId: v.modelId,
  modelName,
  version: v.version,
  artifactUri: v.artifactUri,
  sha256: v.sha256,
  framework: v.framework,
  metrics: v.metrics,
  params: v.params,
  datasetUri: v.datasetUri,
  datasetSha256: v.datasetSha256,
  codeCommit: v.codeCommit,
  card: v.card,
  evaluation: v.evaluation,
  trainingRunId: v.trainingRunId,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
});

export function versionRepo(db: Db): VersionRepo {
  const select = () => db.select(cols).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId));
  return {
    async create(n) {
      const [row] = await db
        .insert(modelVersions)
        .values({
          modelId: n.modelId,
          version: n.version,
          artifactUri: n.artifactUri,
          sha256: n.sha256 ?? null,
          framework: n.framework ?? null,
          metrics: n.metrics ?? {},
          params: n.params ?? {},
          datasetUri: n.datasetUri ?? null,
          datasetSha256: n.datasetSha256 ?? null,
          codeCommit: n.codeCommit ?? null,
          card: (n.card ?? {}) as Record<string, string>,
          evaluation: (n.evaluation ?? {}) as Record<string, unknown>,
          trainingRunId: n.trainingRunId ?? null,
          createdBy: n.createdBy,
          createdAt: n.createdAt,
        })
        .returning({ id: modelVersions.id });
      const created = await this.byId(row!.id);
      return created!;
    },
    async get(modelId, version) {
      const rows = await select().where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
      return rows[0] ? toVersion(rows[0]) : null;
    },
    async byId(id) {
      const rows = await select().where(eq(modelVersions.id, id));
      return rows[0] ? toVersion(rows[0]) : null;
    },
    async bySha256(modelId, sha256) {
      const rows = await select().where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.sha256, sha256)));
      return rows[0] ? toVersion(rows[0]) : null;
    },
    async list(modelId, limit = 1000) {
      const rows = await select().where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version)).limit(limit);
      return rows.map(toVersion);
    },
  };
}
