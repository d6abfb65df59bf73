import { and, desc, eq, lte } from 'drizzle-orm';
import type { Deployment, DeploymentKind, DeploymentStatus } from '../../core/deploy/deployment.js';
import type { DeploymentRepo } from '../../core/store.js';
import type { Db } from '../database.js';
import { deployments, models, modelVersions } from '../schema.js';

const cols = { d: deployments, modelName: models.name, version: modelVersions.version };
type Joined = { d: typeof deployments.$inferSelect; modelName: string; version: number };

const toDeployment = ({ d, modelName, version }: Joined): Deployment => ({
  ...d,
  kind: d.kind as DeploymentKind,
  status: d.status as DeploymentStatus,
  modelName,
  version,
});

export function deploymentRepo(db: Db): DeploymentRepo {
  const select = () =>
    db
      .select(cols)
      .from(deployments)
      .innerJoin(models, eq(models.id, deployments.modelId))
      .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId));
  return {
    async create(n) {
      const [row] = await db
        .insert(deployments)
        .values({
          modelId: n.modelId,
          versionId: n.versionId,
          environment: n.environment,
          kind: n.kind,
          status: n.status,
          requestedBy: n.requestedBy,
          requestedAt: n.requestedAt,
          approvedBy: n.approvedBy ?? [],
          target: n.target ?? null,
          startedAt: n.startedAt ?? null,
          finishedAt: n.finishedAt ?? null,
          reason: n.reason ?? null,
        })
        .returning({ id: deployments.id });
      return (await this.byId(row!.id))!;
    },
    async byId(id) {
      const rows = await select().where(eq(deployments.id, id));
      return rows[0] ? toDeployment(rows[0]) : null;
    },
    async history(modelId, environment, limit = 50) {
      const where = environment
        ? and(eq(deployments.modelId, modelId), eq(deployments.environment, environment))
        : eq(deployments.modelId, modelId);
      return (await select().where(where).orderBy(desc(deployments.id)).limit(limit)).map(toDeployment);
    },
    async liveAt(modelId, environment, at) {
      const conds = [eq(deployments.modelId, modelId), eq(deployments.environment, environment), eq(deployments.status, 'succeeded')];
      if (at) conds.push(lte(deployments.finishedAt, at));
      const rows = await select()
        .where(and(...conds))
        .orderBy(desc(deployments.finishedAt), desc(deployments.id))
        .limit(1);
      return rows[0] ? toDeployment(rows[0]) : null;
    },
  };
}
