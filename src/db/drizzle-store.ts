import type { Result } from '../core/result.js';
import type { Repos, Store, Tx } from '../ports/store.js';
import type { Db } from './database.js';
import { auditRepo } from './repos/audit-repo.js';
import { cardRepo } from './repos/card-repo.js';
import { decisionRepo } from './repos/decision-repo.js';
import { lockRepo } from './repos/lock-repo.js';
import { outboxRepo } from './repos/outbox-repo.js';
import { deploymentRepo } from './repos/deployment-repo.js';
import { modelRepo } from './repos/model-repo.js';
import { versionRepo } from './repos/version-repo.js';
import { predictionRepo } from './repos/prediction-repo.js';
import { referenceRepo } from './repos/reference-repo.js';
import { tokenRepo } from './repos/token-repo.js';
import { alertRepo } from './repos/alert-repo.js';
import { runLedgerRepo } from './repos/run-ledger-repo.js';
import { scheduleRepo } from './repos/schedule-repo.js';
import { subscriptionRepo } from './repos/subscription-repo.js';
import { pendingCommandRepo } from './repos/pending-command-repo.js';
import { instanceRepo } from './repos/instance-repo.js';

class Rollback {
  constructor(readonly result: Result<never>) {}
}

export function reposFor(db: Db, inTx: boolean): Repos {
  return {
    models: modelRepo(db),
    versions: versionRepo(db),
    deployments: deploymentRepo(db),
    audit: auditRepo(db, inTx),
    cards: cardRepo(db),
    decisions: decisionRepo(db),
    locks: lockRepo(db),
    outbox: outboxRepo(db),
    tokens: tokenRepo(db),
    predictions: predictionRepo(db),
    references: referenceRepo(db),
    schedules: scheduleRepo(db),
    runs: runLedgerRepo(db),
    subscriptions: subscriptionRepo(db),
    alerts: alertRepo(db),
    pendingCommands: pendingCommandRepo(db),
    instances: instanceRepo(db),
  };
}

/** The Store port on drizzle: the same code for PostgreSQL (postgres.js) and PGlite. */
/**
 * The Store port on drizzle: the same code for PostgreSQL (postgres.js) and PGlite. Events a use
 * case emits are dropped here: the composition root wraps this store to carry them out
 * (src/app/effects.ts).
 */
export function drizzleStore(db: Db): Store {
  return {
    read: reposFor(db, false),
    async transaction<T>(fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
      try {
        // Only `tx` is used inside: touching the outer `db` here hangs PGlite (see STACK.md).
        return await db.transaction(async (tx) => {
          const r = await fn({ ...reposFor(tx as unknown as Db, true), emit: () => {} });
          if (!r.ok) throw new Rollback(r as Result<never>);
          return r;
        });
      } catch (e) {
        if (e instanceof Rollback) return e.result;
        throw e;
      }
    },
  };
}
