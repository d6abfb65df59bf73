import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { OPEN_TRAINING_STATUSES, type TrainingChannel, type TrainingRun, type TrainingStatus, type TrainingTriggerKind } from '../../training/domain/training-run.js';
import type { TrainingRunRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { models, trainingRuns } from '../schema.js';

const cols = { r: trainingRuns, modelName: models.name };
type Joined = { r: typeof trainingRuns.$inferSelect; modelName: string };

const toRun = ({ r, modelName }: Joined): TrainingRun => ({
  ...r,
  status: r.status as TrainingStatus,
  triggerKind: r.triggerKind as TrainingTriggerKind,
  requestChannel: (r.requestChannel as TrainingChannel | null) ?? null,
  modelName,
});

export function trainingRunRepo(db: Db): TrainingRunRepo {
  const select = () => db.select(cols).from(trainingRuns).innerJoin(models, eq(models.id, trainingRuns.modelId));
  const repo: TrainingRunRepo = {
    async create(n) {
      const [row] = await db
        .insert(trainingRuns)
        .values({
          modelId: n.modelId,
          fromVersion: n.fromVersion,
          status: n.status,
          reason: n.reason,
          triggerKind: n.triggerKind,
          alertId: n.alertId ?? null,
          requestedBy: n.requestedBy,
          requestedAt: n.requestedAt,
          requiredApprovals: n.requiredApprovals,
          pipeline: n.pipeline,
          requestChannel: n.requestChannel ?? null,
          retryOf: n.retryOf ?? null,
        })
        .returning({ id: trainingRuns.id });
      return (await repo.byId(row!.id))!;
    },
    async byId(id) {
      const rows = await select().where(eq(trainingRuns.id, id));
      return rows[0] ? toRun(rows[0]) : null;
    },
    async byIdForUpdate(id) {
      const locked = await db.select({ id: trainingRuns.id }).from(trainingRuns).where(eq(trainingRuns.id, id)).for('update');
      return locked[0] ? repo.byId(id) : null;
    },
    async update(id, patch) {
      await db.update(trainingRuns).set(patch).where(eq(trainingRuns.id, id));
      return (await repo.byId(id))!;
    },
    async open(modelId) {
      const conds = [inArray(trainingRuns.status, [...OPEN_TRAINING_STATUSES])];
      if (modelId !== undefined) conds.push(eq(trainingRuns.modelId, modelId));
      return (await select().where(and(...conds)).orderBy(asc(trainingRuns.id)).limit(500)).map(toRun);
    },
    async recent(modelId, limit = 20) {
      return (await select().where(eq(trainingRuns.modelId, modelId)).orderBy(desc(trainingRuns.id)).limit(limit)).map(toRun);
    },
  };
  return repo;
}
