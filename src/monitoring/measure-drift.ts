import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { datasetDrift, type ColumnDriftOptions, type DatasetDrift } from './domain/stats/index.js';
import type { ReferenceDataset } from './domain/monitoring-store.js';
import { parseWindow } from './domain/report-window.js';
import type { Model, ModelVersion } from '../registry/domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { didYouMean } from '../core/suggest.js';
import { driftInputs } from './io/drift-json.js';
import { featureColumns } from './io/prediction-columns.js';
/** What the reports read: the store, the time, the environments and the monitoring settings. */
export interface ReportDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: MonitoringSettings;
}

export type MonitoringSettings = Pick<Config, 'environments' | 'monitoring'>;

export interface ReportInput {
  readonly model: string;
  /** absent: predictions from every environment, for the model's latest version */
  readonly env?: string;
  /** e.g. "7d"; default config.monitoring.window */
  readonly window?: string;
  /** a fixed version instead of the live/latest one */
  readonly version?: number;
}

export interface ReportScope {
  readonly model: Model;
  readonly version: ModelVersion;
  readonly environment: string | null;
  readonly from: Date;
  readonly to: Date;
  readonly windowLabel: string;
}

/** The version a report is about: given, else live in env (deployments.liveAt), else the latest. */
export async function resolveScope(deps: ReportDeps, input: ReportInput): Promise<Result<ReportScope>> {
  const window = parseWindow(input.window ?? deps.config.monitoring.window);
  if (!window) return err('bad_input', `\`${input.window}\` is not a window: use a duration like 7d, 24h or 90m (at most 366 days)`);
  if (input.env !== undefined && !deps.config.environments.includes(input.env)) {
    return err('bad_input', `\`${input.env}\` is not an environment.${didYouMean(input.env, deps.config.environments)} Environments: ${deps.config.environments.join(', ')}.`);
  }
  const read = deps.store.read;
  const model = await read.models.byName(input.model);
  if (!model) return err('not_found', `There is no model \`${input.model}\`.${didYouMean(input.model, await read.models.names())}`);
  let versionNumber = input.version;
  if (versionNumber === undefined && input.env !== undefined) versionNumber = (await read.deployments.liveAt(model.id, input.env))?.version;
  versionNumber ??= model.latestVersion;
  const version = versionNumber > 0 ? await read.versions.get(model.id, versionNumber) : null;
  if (!version) return err('not_found', `${model.name} has no versions yet; register one first.`);
  const to = deps.clock.now();
  return ok({ model, version, environment: input.env ?? null, from: new Date(to.getTime() - window.ms), to, windowLabel: window.label });
}

export const scopeText = (s: ReportScope): string => `${s.model.name} v${s.version.version} ${s.environment ? `in ${s.environment}` : '(all environments)'}`;

export interface DriftMeasurement {
  readonly scope: ReportScope;
  readonly reference: ReferenceDataset;
  readonly currentRows: number;
  readonly drift: DatasetDrift | null;
  readonly nonNumeric: Readonly<Record<string, number>>;
  readonly inputs: ReturnType<typeof driftInputs>;
}

/** Per-model thresholds and tests from steward.yaml (monitoring.defaults, models.<m>.defaults/columns). */
export function driftOptions(config: MonitoringSettings, model: string): { defaults: ColumnDriftOptions; columns: Record<string, ColumnDriftOptions>; driftShare: number } {
  const m = config.monitoring.models[model];
  return { defaults: { ...config.monitoring.defaults, ...m?.defaults }, columns: { ...m?.columns }, driftShare: m?.driftShare ?? config.monitoring.driftShare };
}

/** Reference data vs the features of the predictions logged in the scope's window. */
export async function measureDrift(deps: ReportDeps, scope: ReportScope): Promise<Result<DriftMeasurement>> {
  const reference = await deps.store.read.references.get(scope.version.id);
  if (!reference) {
    return err('not_found', `${scope.model.name} v${scope.version.version} has no reference data to compare with: upload it with \`steward reference upload ${scope.model.name} ${scope.version.version} FILE\` (CSV or Parquet).`);
  }
  const current = await featureColumns(deps.store.read.predictions, { modelId: scope.model.id, versionId: scope.version.id, environment: scope.environment ?? undefined, from: scope.from, to: scope.to }, reference.columns);
  const refTable = { source: reference.source, rows: reference.rows, columns: reference.data };
  const inputs = driftInputs(refTable, { source: 'predictions', rows: current.rows, columns: current.columns });
  const drift = current.rows === 0 ? null : datasetDrift(inputs, driftOptions(deps.config, scope.model.name));
  return ok({ scope, reference, currentRows: current.rows, drift, nonNumeric: current.nonNumeric, inputs });
}

