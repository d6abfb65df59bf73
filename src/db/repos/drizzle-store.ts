import type { Result } from '../../core/result.js';
import type { Repos, Store, Tx } from '../../ports/store.js';
import type { Db } from '../database.js';
import { auditRepo } from './audit-repo.js';
import type { AuditKeys } from '../../governance/domain/audit-keys.js';
import { mirrorRepo } from './mirror-repo.js';
import { cardRepo } from './card-repo.js';
import { decisionRepo } from './decision-repo.js';
import { lockRepo } from './lock-repo.js';
import { outboxRepo } from './outbox-repo.js';
import { chatDeliveryRepo } from './chat-delivery-repo.js';
import { deploymentRepo } from './deployment-repo.js';
import { modelRepo } from './model-repo.js';
import { versionRepo } from './version-repo.js';
import { predictionRepo } from './prediction-repo.js';
import { referenceRepo } from './reference-repo.js';
import { profileRepo } from './profile-repo.js';
import { tokenRepo } from './token-repo.js';
import { inboundRequestRepo } from './inbound-request-repo.js';
import { alertRepo } from './alert-repo.js';
import { runLedgerRepo } from './run-ledger-repo.js';
import { scheduleRepo } from './schedule-repo.js';
import { subscriptionRepo } from './subscription-repo.js';
import { pendingCommandRepo } from './pending-command-repo.js';
import { instanceRepo } from './instance-repo.js';
import { trainingRunRepo } from './training-run-repo.js';

class Rollback {
  constructor(readonly result: Result<never>) {}
}

export function reposFor(db: Db, inTx: boolean, keys?: AuditKeys): Repos {
  return {
    models: modelRepo(db),
    versions: versionRepo(db),
    deployments: deploymentRepo(db),
    audit: auditRepo(db, inTx, keys),
    cards: cardRepo(db),
    decisions: decisionRepo(db),
    locks: lockRepo(db),
    outbox: outboxRepo(db),
    deliveries: chatDeliveryRepo(db),
    tokens: tokenRepo(db),
    inbound: inboundRequestRepo(db),
    predictions: predictionRepo(db),
    references: referenceRepo(db),
    profiles: profileRepo(db),
    schedules: scheduleRepo(db),
    runs: runLedgerRepo(db),
    subscriptions: subscriptionRepo(db),
    alerts: alertRepo(db),
    pendingCommands: pendingCommandRepo(db),
    instances: instanceRepo(db),
    trainingRuns: trainingRunRepo(db),
    mirror: mirrorRepo(db),
  };
}

/** The Store port on drizzle: the same code for PostgreSQL (postgres.js) and PGlite. */
/**
 * The Store port on drizzle: the same code for PostgreSQL (postgres.js) and PGlite. Events a use
 * case emits are dropped here: the composition root wraps this store to carry them out
 * (src/app/effects.ts).
 */
/** The Store on drizzle. `keys` seal the audit log (src/db/audit-keyring.ts); without, plain SHA-256. */
export function drizzleStore(db: Db, keys?: AuditKeys): Store {
  return {
    read: reposFor(db, false, keys),
    async transaction<T>(fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
      try {
        // Only `tx` is used inside: touching the outer `db` here hangs PGlite (see STACK.md).
        return await db.transaction(async (tx) => {
          const r = await fn({ ...reposFor(tx as unknown as Db, true, keys), emit: () => {} });
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
