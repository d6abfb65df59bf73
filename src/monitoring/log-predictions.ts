import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { type Actor, actorKey } from '../governance/domain/actor.js';
import { can, type Risk, rolesAllowing } from '../governance/domain/access.js';
import type { NewPrediction } from './domain/monitoring-store.js';
import { checkPrediction, unstorableProblem } from './domain/prediction-input.js';
import type { Model, ModelVersion } from '../registry/domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Repos, Store } from '../ports/store.js';
import { didYouMean } from '../core/suggest.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { currentBasis } from './profile-basis-source.js';
import { applyDeltas, HourDeltas } from './profile-writes.js';

export interface IngestDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: Config;
}

/** One raw row and where it came from ("predictions[3]", "line 4"), or a row that could not even be parsed. */
export type RawRow = { readonly where: string; readonly raw: unknown } | { readonly where: string; readonly problem: string };
export type RawRows = AsyncIterable<RawRow> | Iterable<RawRow>;

/** Rows of a JSON array body, named `${field}[i]`. */
export function* arrayRows(items: readonly unknown[], field: string): Iterable<RawRow> {
  for (let i = 0; i < items.length; i++) yield { where: `${field}[${i}]`, raw: items[i] };
}

/** Deny unless a role of the actor grants `verb` (per environment when given). */
export function checkPermission(config: Config, actor: Actor, verb: string, risk: Risk, env?: string): Result<true> {
  if (can(actor, verb, risk, env, config.access)) return ok(true);
  const roles = rolesAllowing(verb, risk, env, config.access);
  return err('forbidden', `${actorKey(actor)} is not allowed to ${verb}${env ? ` in ${env}` : ''}: it needs ${roles.length ? `the role ${roles.map((r) => `\`${r}\``).join(' or ')}` : 'a role that grants it'}.`);
}

/** Version numbers are int4 in the database. */
const MAX_VERSION = 2_147_483_647;

/** The model and version a batch belongs to, or a not_found error that says what exists. */
export async function resolveVersion(tx: Repos, model: string, version: number): Promise<Result<{ model: Model; version: ModelVersion }>> {
  const bad = unstorableProblem('model', model);
  if (bad !== null) return err('bad_input', bad);
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_VERSION) return err('bad_input', `version: must be a whole number from 1 to ${MAX_VERSION} (got ${version})`);
  const m = await tx.models.byName(model);
  if (!m) return err('not_found', `There is no model \`${model}\`.${didYouMean(model, await tx.models.names())}`);
  const v = await tx.versions.get(m.id, version);
  if (!v) return err('not_found', `${m.name} has no version ${version}${m.latestVersion ? `; its versions are 1–${m.latestVersion}` : ''}.`);
  return ok({ model: m, version: v });
}

export function checkEnvironment(config: Config, env: string): Result<string> {
  if (config.environments.includes(env)) return ok(env);
  const bad = unstorableProblem('environment', env);
  if (bad !== null) return err('bad_input', bad);
  return err('bad_input', `\`${env}\` is not an environment.${didYouMean(env, config.environments)} Environments: ${config.environments.join(', ')}.`);
}

export interface LogPredictionsInput {
  readonly model: string;
  readonly version: number;
  readonly environment: string;
}

export interface LogPredictionsOutput {
  readonly model: string;
  readonly version: number;
  readonly environment: string;
  readonly logged: number;
  readonly labeled: number;
}

/**
 * Log a batch of predictions: every row validated, all inserted in one transaction, or none — a
 * bad row, a repeated id or an id already logged for the model rejects the whole batch with a
 * message naming the row and field. The hourly profiles the reports read are updated in the same
 * transaction.
 */
export async function logPredictions(deps: IngestDeps, who: AuditWho, input: LogPredictionsInput, rows: RawRows): Promise<Result<LogPredictionsOutput>> {
  const env = checkEnvironment(deps.config, input.environment);
  if (!env.ok) return env;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const target = await resolveVersion(tx, input.model, input.version);
    if (!target.ok) return target;
    const { model, version } = target.value;
    const current = await currentBasis(tx, deps.config, model.name, version.id);
    const deltas = new HourDeltas(current, now);
    // A version's first rows: its profiles start on the current basis (no rebuild needed later).
    if ((await tx.profiles.versionBasis(version.id, false)) === null && !(await tx.profiles.hasRawRows(version.id))) {
      await tx.profiles.setVersionBasis(version.id, current.basis.id, now);
    }
    const seen = new Map<string, string>();
    let logged = 0;
    let labeled = 0;
    let first: Date | null = null;
    let last: Date | null = null;
    let problem: Result<never> | null = null;
    // One COPY for the whole batch: rows are validated as the database takes them in; the first
    // bad one ends the stream, and the transaction is rolled back below.
    async function* valid(): AsyncGenerator<NewPrediction> {
      for await (const item of rows) {
        if ('problem' in item) return void (problem = err('bad_input', `${item.problem}; nothing in this batch was logged.`));
        const c = checkPrediction(item.raw, item.where);
        if (!c.ok) return void (problem = err('bad_input', `${c.problem}; nothing in this batch was logged.`));
        const p = c.value;
        const before = seen.get(p.id);
        if (before !== undefined) return void (problem = err('bad_input', `${item.where}.id: ${JSON.stringify(p.id)} appears twice in this batch (also ${before}); nothing was logged.`));
        seen.set(p.id, item.where);
        const at = p.timestamp ?? now;
        if (!first || at < first) first = at;
        if (!last || at > last) last = at;
        if (p.label !== undefined) labeled++;
        deltas.add(at, p);
        logged++;
        yield { modelId: model.id, versionId: version.id, environment: input.environment, predictionId: p.id, at, features: p.features, prediction: p.prediction, score: p.score, label: p.label, sensitive: p.sensitive, subject: p.subject, loggedBy: who.actor, loggedAt: now };
      }
    }
    const existing = await tx.predictions.insertMany(valid());
    if (problem) return problem;
    if (existing.length) {
      return err('conflict', `${seen.get(existing[0]!) ?? 'predictions'}.id: prediction ${JSON.stringify(existing[0])} is already logged for ${model.name} (ids are unique per model); nothing in this batch was logged.`);
    }
    if (logged === 0) return err('bad_input', 'The batch has no predictions; send at least one.');
    await applyDeltas(tx, model.id, version.id, input.environment, current, deltas, now);
    await tx.audit.append(
      auditInput(who, 'predictions.logged', `model:${model.name}`, { version: version.version, environment: input.environment, count: logged, labeled, from: first!.toISOString(), to: last!.toISOString() }),
      now,
    );
    return ok({ model: model.name, version: version.version, environment: input.environment, logged, labeled });
  });
}
