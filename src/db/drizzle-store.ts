import type { Result } from '../core/result.js';
import type { Repos, Store } from '../core/store.js';
import type { Db } from './database.js';
import { auditRepo } from './repos/audit-repo.js';
import { cardRepo } from './repos/card-repo.js';
import { deploymentRepo } from './repos/deployment-repo.js';
import { modelRepo } from './repos/model-repo.js';
import { versionRepo } from './repos/version-repo.js';

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
  };
}

/** The Store port on drizzle: the same code for PostgreSQL (postgres.js) and PGlite. */
export function drizzleStore(db: Db): Store {
  return {
    read: reposFor(db, false),
    async transaction<T>(fn: (tx: Repos) => Promise<Result<T>>): Promise<Result<T>> {
      try {
        // Only `tx` is used inside: touching the outer `db` here hangs PGlite (see STACK.md).
        return await db.transaction(async (tx) => {
          const r = await fn(reposFor(tx as unknown as Db, true));
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
