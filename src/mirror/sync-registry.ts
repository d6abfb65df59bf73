import type { Clock } from '../core/clock.js';
import { err, ok, type Result } from '../core/result.js';
import type { Policy } from '../governance/domain/policy.js';
import { auditInput, SYSTEM_WHO } from '../governance/audit-who.js';
import type { Store } from '../ports/store.js';
import { environmentOfAlias, type MlflowRegistryConfig, mirrored } from './domain/mirror-config.js';
import type { RegistrySource } from './domain/registry-source.js';
import { mirroredModel, mirrorVersion, runOf } from './mirror-version.js';
import { observeAlias } from './observe-alias.js';
import { revertAlias } from './revert-alias.js';

export interface SyncSummary {
  /** mirrored models MLflow has */
  readonly models: number;
  readonly linked: readonly string[];
  /** versions mirrored now ("fraud-detector v8") */
  readonly added: readonly string[];
  /** versions gone from MLflow, marked (never deleted from Steward's history) */
  readonly deleted: readonly string[];
  /** aliases recorded as where things stood when a model was first mirrored */
  readonly baseline: readonly string[];
  /** aliases moved outside Steward ("fraud-detector champion -> v9") */
  readonly outOfBand: readonly string[];
  readonly reverted: readonly string[];
  /** what could not be done this time (MLflow errors, name clashes); each one line */
  readonly problems: readonly string[];
}

export interface SyncDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: { readonly registry?: MlflowRegistryConfig | null; readonly policies: Readonly<Record<string, Policy>> };
  readonly source: RegistrySource;
}

/**
 * Brings Steward in line with MLflow (`steward mlflow import`, and the periodic reconciliation that
 * finds what webhooks missed): every configured model's versions (new ones mirrored with their runs'
 * metrics, vanished ones marked deleted) and its environments' aliases (a first sighting is where
 * things stand; a later move Steward did not make is out of band). Every step is idempotent, so a
 * second pass — or two replicas at once — changes nothing.
 */
export async function syncRegistry(deps: SyncDeps): Promise<Result<SyncSummary>> {
  const registry = deps.config.registry;
  if (!registry) return err('bad_input', 'No MLflow registry is configured: add registry: {kind: mlflow, url, models, aliases} to steward.yaml.');
  const listed = await deps.source.models();
  if (!listed.ok) return err('unavailable', `MLflow at ${registry.url} did not answer: ${listed.error.message}`);
  const s = { linked: [] as string[], added: [] as string[], deleted: [] as string[], baseline: [] as string[], outOfBand: [] as string[], reverted: [] as string[], problems: [] as string[] };
  const chosen = listed.value.filter((m) => mirrored(registry, m.name));
  for (const m of chosen) {
    const versions = await deps.source.versions(m.name);
    if (!versions.ok) {
      s.problems.push(`${m.name}: ${versions.error.message}`);
      continue;
    }
    const known = new Set((await deps.store.read.mirror.modelByMlflowName(m.name).then((x) => (x ? deps.store.read.mirror.versions(x.modelId) : []))).map((v) => v.version));
    for (const v of versions.value.filter((x) => x.status !== 'FAILED_REGISTRATION' && !known.has(x.version)).sort((a, b) => a.version - b.version)) {
      const done = await mirrorVersion(deps, v, await runOf(deps.source, v.runId));
      if (!done.ok) {
        s.problems.push(done.error.message);
        break;
      }
      if (done.value.linked) s.linked.push(`${m.name} -> ${done.value.model}`);
      if (done.value.created) s.added.push(`${done.value.model} v${v.version}`);
    }
    let linked = await deps.store.read.mirror.modelByMlflowName(m.name);
    if (!linked) {
      // a registered model with no versions yet: linked, so its aliases and later versions are known
      const r = await deps.store.transaction((tx) => mirroredModel(tx, m.name, deps.clock.now(), SYSTEM_WHO));
      if (!r.ok) {
        s.problems.push(r.error.message);
        continue;
      }
      s.linked.push(`${m.name} -> ${r.value.model.name}`);
      linked = await deps.store.read.mirror.modelByMlflowName(m.name);
    }
    // a model linked in this pass: its aliases are where things stand, not out-of-band moves
    const linkedNow = s.linked.some((l) => l.startsWith(`${m.name} -> `));
    const present = new Set(versions.value.map((v) => v.version));
    const gone = (await deps.store.read.mirror.versions(linked!.modelId)).filter((v) => !present.has(v.version) && v.deletedAt === null);
    if (gone.length) {
      const now = deps.clock.now();
      await deps.store.transaction(async (tx) => {
        for (const v of gone) {
          await tx.mirror.markDeleted(v.versionId, now);
          await tx.audit.append(auditInput(SYSTEM_WHO, 'mlflow.version_deleted', `model:${linked!.modelName}`, { version: v.version, mlflow: m.name }), now);
        }
        return ok(null);
      });
      s.deleted.push(...gone.map((v) => `${linked!.modelName} v${v.version}`));
    }
    // every configured environment's alias: where MLflow has it (or deleted, when Steward saw it before)
    for (const alias of Object.values(registry.aliases)) {
      const version = m.aliases[alias] ?? null;
      if (version === null && (await deps.store.read.mirror.aliasAt(linked!.modelId, alias)) === undefined) continue;
      const seen = await observeAlias(deps, { mlflowName: m.name, alias, version, baseline: linkedNow });
      if (!seen.ok) {
        s.problems.push(seen.error.message);
        continue;
      }
      const what = `${linked!.modelName} ${alias} -> ${version === null ? 'deleted' : `v${version}`}`;
      if (seen.value.outcome === 'baseline') s.baseline.push(what);
      if (seen.value.outcome === 'out_of_band') s.outOfBand.push(what);
      if (seen.value.revertTo) {
        const r = await revertAlias(deps, { mlflowName: m.name, environment: environmentOfAlias(registry, alias)!, alias, version: seen.value.revertTo.version });
        if (r.ok && r.value.reverted) s.reverted.push(`${linked!.modelName} ${alias} -> ${seen.value.revertTo.version === null ? 'deleted' : `v${seen.value.revertTo.version}`}`);
        else if (r.ok) s.problems.push(r.value.message);
      }
    }
  }
  return ok({ models: chosen.length, ...s });
}
