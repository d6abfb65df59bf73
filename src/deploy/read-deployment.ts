import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { type DeploymentProgress, progressOf } from './domain/deployment-progress.js';

/** Deployment ids are int4 in the database. */
const MAX_ID = 2_147_483_647;

/** One deployment as a waiting pipeline sees it: status, approvals so far, outcome. A read. */
export async function readDeployment(deps: { readonly store: Pick<Store, 'read'> }, id: number): Promise<Result<DeploymentProgress>> {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) return err('bad_input', `"${id}" is not a deployment number: use the number on its card, e.g. 27`);
  const d = await deps.store.read.deployments.byId(id);
  if (!d) return err('not_found', `There is no deployment #${id}.`);
  return ok(progressOf(d, await deps.store.read.decisions.list(d.id)));
}
