import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Deployment, DeploymentKind, DeploymentStatus, RequestChannel } from '../../deploy/domain/deployment.js';
import type { GateResult } from '../../governance/domain/gates.js';
import type { DeploymentRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { deployments, models, modelVersions } from '../schema.js';

const cols = { d: deployments, modelName: models.name, version: modelVersions.version };
type Joined = { d: typeof deployments.$inferSelect; modelName: string; version: number };

const OPEN: DeploymentStatus[] = ['awaiting_approval', 'approved', 'running'];

const toDeployment = ({ d, modelName, version }: Joined): Deployment => ({
  ...d,
  kind: d.kind as DeploymentKind,
  status: d.status as DeploymentStatus,
  gates: d.gates as GateResult[],
  requestChannel: (d.requestChannel as RequestChannel | null) ?? null,
  plan: d.plan ?? null,
  postCheck: (d.postCheck as Deployment['postCheck']) ?? null,
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
  const repo: DeploymentRepo = {
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
          requestReason: n.requestReason ?? null,
          requiredApprovals: n.requiredApprovals ?? 0,
          expiresAt: n.expiresAt ?? null,
          gates: (n.gates ?? []) as unknown[],
          requestChannel: n.requestChannel ?? null,
          rollbackOf: n.rollbackOf ?? null,
          plan: n.plan ? { summary: n.plan.summary, steps: [...n.plan.steps] } : null,
        })
        .returning({ id: deployments.id });
      return (await repo.byId(row!.id))!;
    },
    async byId(id) {
      const rows = await select().where(eq(deployments.id, id));
      return rows[0] ? toDeployment(rows[0]) : null;
    },
    async byIdForUpdate(id) {
      const locked = await db.select({ id: deployments.id }).from(deployments).where(eq(deployments.id, id)).for('update');
      return locked[0] ? repo.byId(id) : null;
    },
    async update(id, patch) {
      await db.update(deployments).set(patch).where(eq(deployments.id, id));
      return (await repo.byId(id))!;
    },
    async history(modelId, environment, limit = 50) {
      const where = environment ? and(eq(deployments.modelId, modelId), eq(deployments.environment, environment)) : eq(deployments.modelId, modelId);
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
    async awaitingPostCheck() {
      return (await select().where(eq(deployments.postCheck, 'pending')).orderBy(asc(deployments.id)).limit(500)).map(toDeployment);
    },
    async open(filter = {}) {
      const conds = [inArray(deployments.status, [...(filter.statuses ?? OPEN)])];
      if (filter.modelId !== undefined) conds.push(eq(deployments.modelId, filter.modelId));
      if (filter.environment !== undefined) conds.push(eq(deployments.environment, filter.environment));
      return (await select().where(and(...conds)).orderBy(asc(deployments.id)).limit(500)).map(toDeployment);
    },
  };
  return repo;
}
