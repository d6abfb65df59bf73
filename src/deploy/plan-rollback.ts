import type { Deployment } from './domain/deployment.js';
import type { Model } from '../registry/domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Repos } from '../ports/store.js';

/**
 * Which version a rollback restores: the one asked for, or by default the previous live version —
 * walking the environment's history of succeeded deployments back past the live one (failed
 * deployments never count as "live").
 */
export async function planRollback(read: Repos, model: Model, environment: string, toVersion?: number): Promise<Result<{ live: Deployment; version: number }>> {
  const live = await read.deployments.liveAt(model.id, environment);
  if (!live) return err('conflict', `Nothing of ${model.name} is live in ${environment}, so there is nothing to roll back.`);
  if (toVersion !== undefined) {
    if (toVersion === live.version) return err('conflict', `${model.name} v${toVersion} is already live in ${environment}.`);
    if (!(await read.versions.get(model.id, toVersion))) return err('not_found', `${model.name} has no version ${toVersion}; its versions are 1–${model.latestVersion}.`);
    return ok({ live, version: toVersion });
  }
  const history = (await read.deployments.history(model.id, environment, 500)).filter((d) => d.status === 'succeeded' && d.finishedAt).sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime() || b.id - a.id);
  const previous = history.find((d) => d.id !== live.id && d.version !== live.version && d.finishedAt!.getTime() <= live.finishedAt!.getTime());
  if (!previous) return err('conflict', `${model.name} has no earlier successful deployment in ${environment} to roll back to; name a version with \`to <version>\`.`);
  return ok({ live, version: previous.version });
}
