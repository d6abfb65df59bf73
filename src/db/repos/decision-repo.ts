import { asc, eq } from 'drizzle-orm';
import type { DecisionKind } from '../../deploy/domain/deployment.js';
import type { DecisionRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { deploymentDecisions } from '../schema.js';

export function decisionRepo(db: Db): DecisionRepo {
  return {
    async add(d) {
      const rows = await db
        .insert(deploymentDecisions)
        .values({ deploymentId: d.deploymentId, actor: d.actor, kind: d.kind, reason: d.reason, at: d.at })
        .onConflictDoNothing()
        .returning({ id: deploymentDecisions.id });
      return rows.length === 1;
    },
    async list(deploymentId) {
      const rows = await db.select().from(deploymentDecisions).where(eq(deploymentDecisions.deploymentId, deploymentId)).orderBy(asc(deploymentDecisions.id));
      return rows.map((r) => ({ deploymentId: r.deploymentId, actor: r.actor, kind: r.kind as DecisionKind, reason: r.reason, at: r.at }));
    },
  };
}
