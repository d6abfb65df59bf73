import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { ColumnDriftOptions, DatasetDrift, FeatureHistogram } from './domain/stats/index.js';
import { profileDrift } from './domain/profile/profile-drift.js';
import { windowProfile } from './window-profile.js';
import { windowStart } from './domain/profile/profile-periods.js';
import type { ReferenceDataset } from './domain/monitoring-store.js';
import { parseWindow } from './domain/report-window.js';
import type { Model, ModelVersion } from '../registry/domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { didYouMean } from '../core/suggest.js';
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
  // Profiles are per hour (per day once folded): a window starts where its first period starts.
  const to = deps.clock.now();
  return ok({ model, version, environment: input.env ?? null, from: windowStart(new Date(to.getTime() - window.ms), to), to, windowLabel: window.label });
}

export const scopeText = (s: ReportScope): string => `${s.model.name} v${s.version.version} ${s.environment ? `in ${s.environment}` : '(all environments)'}`;

export interface DriftMeasurement {
  readonly scope: ReportScope;
  readonly reference: ReferenceDataset;
  readonly currentRows: number;
  readonly drift: DatasetDrift | null;
  /** per numeric feature: logged values that were not numbers (counted as missing) */
  readonly nonNumeric: Readonly<Record<string, number>>;
  /** reference vs current proportions over the bins the statistics use, per feature */
  readonly histograms: readonly FeatureHistogram[];
  /** predictions in the window on an earlier reference whose rows are no longer kept: left out */
  readonly notComparable: { readonly rows: number; readonly hours: number };
}

/** Per-model thresholds and tests from steward.yaml (monitoring.defaults, models.<m>.defaults/columns). */
export function driftOptions(config: MonitoringSettings, model: string): { defaults: ColumnDriftOptions; columns: Record<string, ColumnDriftOptions>; driftShare: number } {
  const m = config.monitoring.models[model];
  return { defaults: { ...config.monitoring.defaults, ...m?.defaults }, columns: { ...m?.columns }, driftShare: m?.driftShare ?? config.monitoring.driftShare };
}

/** Reference data vs the profile of the predictions logged in the scope's window. */
export async function measureDrift(deps: ReportDeps, scope: ReportScope): Promise<Result<DriftMeasurement>> {
  const reference = await deps.store.read.references.get(scope.version.id);
  if (!reference) {
    return err('not_found', `${scope.model.name} v${scope.version.version} has no reference data to compare with: upload it with \`steward reference upload ${scope.model.name} ${scope.version.version} FILE\` (CSV or Parquet).`);
  }
  const w = await windowProfile(deps, scope, reference);
  const nonNumeric: Record<string, number> = {};
  for (const [name, f] of w.profile.features) if (f.kind === 'numeric' && f.notNumbers > 0) nonNumeric[name] = f.notNumbers;
  const measured = profileDrift(reference.data, w.current.basis, w.profile, driftOptions(deps.config, scope.model.name));
  const currentRows = w.profile.rows;
  return ok({ scope, reference, currentRows, drift: currentRows === 0 ? null : measured.drift, nonNumeric, histograms: measured.histograms, notComparable: w.notComparable });
}
