import { featureHistogram } from './domain/stats/index.js';
import { driftChartSvg } from './charts/drift-chart.js';
import { renderPng } from './charts/render-png.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { datasetDrift, type ColumnDriftOptions, type DatasetDrift } from './domain/stats/index.js';
import type { ReferenceDataset } from './domain/monitoring-store.js';
import { parseWindow } from './domain/report-window.js';
import type { Model, ModelVersion } from '../registry/domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { didYouMean } from '../core/suggest.js';
import { driftInputs, driftJson, type DriftJson, rankFeatures } from './io/drift-json.js';
import { featureColumns } from './io/prediction-columns.js';
import { driftFeatureTable, driftHeadline, pct } from './io/report-view.js';
import { context, fields, fmtTime, text } from '../chat/replies/builders.js';
import type { Reply } from '../chat/replies/reply.js';

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
const windowText = (s: ReportScope): string => `last ${s.windowLabel} (${fmtTime(s.from)} – ${fmtTime(s.to)})`;

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

export interface DriftSummary {
  readonly model: string;
  readonly version: number;
  readonly environment: string | null;
  readonly window: { readonly label: string; readonly from: string; readonly to: string };
  readonly referenceRows: number;
  readonly currentRows: number;
  readonly datasetDrift: boolean;
  readonly shareDrifted: number | null;
  /** names of the features in the drift tier, most drifted first */
  readonly drifted: readonly string[];
  readonly report: DriftJson | null;
}

const TOP_TABLE = 8;
const TOP_CHART = 4;

/**
 * The drift report for chat and the scheduler: headline (dataset drift, share, window, rows), the
 * most drifted features with test, score and tier, and a PNG of reference vs current histograms.
 */
export async function buildDriftReport(deps: ReportDeps, input: ReportInput): Promise<Result<{ reply: Reply; summary: DriftSummary }>> {
  const scope = await resolveScope(deps, input);
  if (!scope.ok) return scope;
  const m = await measureDrift(deps, scope.value);
  if (!m.ok) return m;
  const s = scope.value;
  const { drift, reference } = m.value;
  const title = `Drift: ${scopeText(s)}`;
  const report = drift ? driftJson(drift, { reference: reference.rows, current: m.value.currentRows }) : null;
  const summary: DriftSummary = {
    model: s.model.name,
    version: s.version.version,
    environment: s.environment,
    window: { label: s.windowLabel, from: s.from.toISOString(), to: s.to.toISOString() },
    referenceRows: reference.rows,
    currentRows: m.value.currentRows,
    datasetDrift: drift?.datasetDrift ?? false,
    shareDrifted: drift?.shareDrifted ?? null,
    drifted: drift ? rankFeatures(drift.features).filter((f) => f.status === 'drift').map((f) => f.name) : [],
    report,
  };
  const rowsField = `reference ${reference.rows} · current ${m.value.currentRows}`;
  if (!drift) {
    return ok({
      reply: { title, tone: 'info', blocks: [text(`No predictions were logged for ${scopeText(s)} in the ${windowText(s)} — nothing to compare yet.`), fields({ Rows: rowsField })], data: summary },
      summary,
    });
  }
  const ranked = rankFeatures(drift.features);
  const chartFeatures = ranked.filter((f) => f.status !== 'not_testable').slice(0, TOP_CHART);
  const chart = driftChartSvg(title, `${windowText(s)} · ${rowsField} rows · dataset drift: ${drift.datasetDrift ? 'yes' : 'no'} (${pct(drift.shareDrifted)} of features)`, chartFeatures.map((f) => ({ feature: f, histogram: featureHistogram(m.value.inputs.find((i) => i.name === f.name)!) })));
  const png = renderPng(chart.svg);
  const share = driftOptions(deps.config, s.model.name).driftShare;
  const notes = Object.entries(m.value.nonNumeric).map(([k, n]) => `${n} logged value${n === 1 ? '' : 's'} of numeric feature ${k} were not numbers and count as missing.`);
  const reply: Reply = {
    title,
    tone: drift.datasetDrift || summary.drifted.length ? 'warning' : 'success',
    blocks: [
      text(driftHeadline(drift)),
      fields({ Window: windowText(s), Rows: rowsField, 'Dataset drift at': `≥ ${pct(share)} of features drifted` }),
      driftFeatureTable(drift.features, TOP_TABLE),
      context(`Tests: reference ≤ 1000 rows → KS / chi-square p-value < 0.05; larger → Wasserstein normed / Jensen-Shannon ≥ 0.1 (configurable per model and column in steward.yaml).${notes.length ? ` ${notes.join(' ')}` : ''}`),
    ],
    images: [{ filename: `drift-${s.model.name}-v${s.version.version}-${s.environment ?? 'all'}-${s.to.toISOString().slice(0, 16).replace(/[-:]/g, '')}.png`, title: 'Reference vs current', alt: `Reference vs current distributions of ${chartFeatures.map((f) => f.name).join(', ')}`, png: png.png }],
    data: summary,
  };
  return ok({ reply, summary });
}
