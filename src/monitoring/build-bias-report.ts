import { biasChartSvg } from './charts/bias-chart.js';
import { renderPng } from './charts/render-png.js';
import type { Config } from '../config/config.js';
import type { Scalar } from './domain/monitoring-store.js';
import { biasReport, type BiasReport } from './domain/stats/index.js';
import { err, ok, type Result } from '../core/result.js';
import { type AttributeJson, attributeJson } from './io/drift-json.js';
import { labeledColumns } from './io/prediction-columns.js';
import { biasAttributeBlocks } from './io/report-view.js';
import { context, fields, fmtTime, text } from '../chat/replies/builders.js';
import type { Reply } from '../chat/replies/reply.js';
import { type ReportDeps, type ReportInput, type ReportScope, resolveScope, scopeText } from './build-drift-report.js';

export interface BiasMeasurement {
  readonly scope: ReportScope;
  readonly rows: number;
  /** null when there is nothing to measure (no labelled rows or no sensitive attributes); see `reason` */
  readonly report: BiasReport | null;
  readonly reason: string | null;
}

const TRUE = new Set(['1', 'true', '1.0']);
const FALSE = new Set(['0', 'false', '0.0']);

/** Labels/predictions -> 0/1 (NaN missing) under the model's settings, or the values that are not binary. */
function encode(values: readonly Scalar[], config: Pick<Config, 'monitoring'>, model: string, scores: boolean): { values: Float64Array } | { bad: string[] } {
  const m = config.monitoring.models[model];
  const positive = m?.positiveLabel === undefined ? undefined : String(m.positiveLabel);
  const out = new Float64Array(values.length);
  const bad = new Set<string>();
  values.forEach((v, i) => {
    if (v === null) out[i] = Number.NaN;
    else if (scores && m?.scoreThreshold !== undefined && typeof v === 'number') out[i] = v >= m.scoreThreshold ? 1 : 0;
    else if (positive !== undefined) out[i] = String(v) === positive ? 1 : 0;
    else if (TRUE.has(String(v).toLowerCase())) out[i] = 1;
    else if (FALSE.has(String(v).toLowerCase())) out[i] = 0;
    else {
      bad.add(JSON.stringify(v));
      out[i] = Number.NaN;
    }
  });
  return bad.size ? { bad: [...bad].slice(0, 5) } : { values: out };
}

/** Fairness metrics of the labelled predictions in the scope's window (binary classification). */
export async function measureBias(deps: ReportDeps, scope: ReportScope): Promise<Result<BiasMeasurement>> {
  const cols = await labeledColumns(deps.store.read.predictions, { modelId: scope.model.id, versionId: scope.version.id, environment: scope.environment ?? undefined, from: scope.from, to: scope.to });
  const name = scope.model.name;
  if (cols.rows === 0) return ok({ scope, rows: 0, report: null, reason: `No labelled predictions were logged for ${scopeText(scope)} in the last ${scope.windowLabel}; attach labels with POST /api/v1/labels.` });
  if (!cols.attributes.length) return ok({ scope, rows: cols.rows, report: null, reason: `The labelled predictions of ${scopeText(scope)} carry no sensitive attributes; log them in each prediction's "sensitive" object.` });
  const y = encode(cols.label, deps.config, name, false);
  if ('bad' in y) return err('bad_input', `Bias needs binary labels: ${name} has labels ${y.bad.join(', ')}. Set monitoring.models.${name}.positiveLabel in steward.yaml to the value that means positive.`);
  const yhat = encode(cols.prediction, deps.config, name, true);
  if ('bad' in yhat) return err('bad_input', `Bias needs binary predictions: ${name} has predictions ${yhat.bad.join(', ')}. Set monitoring.models.${name}.positiveLabel (or scoreThreshold for scores) in steward.yaml.`);
  const report = biasReport(y.values, yhat.values, cols.attributes, { fourFifthsThreshold: deps.config.monitoring.fourFifths });
  return ok({ scope, rows: cols.rows, report, reason: null });
}

export interface BiasSummary {
  readonly model: string;
  readonly version: number;
  readonly environment: string | null;
  readonly window: { readonly label: string; readonly from: string; readonly to: string };
  readonly rows: number;
  /** attributes whose four-fifths screen is flagged */
  readonly flagged: readonly string[];
  readonly attributes: readonly AttributeJson[];
}

/** The bias report for chat and the scheduler: per-attribute group rates and metrics, and a bar chart. */
export async function buildBiasReport(deps: ReportDeps, input: ReportInput): Promise<Result<{ reply: Reply; summary: BiasSummary }>> {
  const scope = await resolveScope(deps, input);
  if (!scope.ok) return scope;
  const m = await measureBias(deps, scope.value);
  if (!m.ok) return m;
  const s = scope.value;
  const attributes = m.value.report?.attributes ?? [];
  const summary: BiasSummary = {
    model: s.model.name,
    version: s.version.version,
    environment: s.environment,
    window: { label: s.windowLabel, from: s.from.toISOString(), to: s.to.toISOString() },
    rows: m.value.rows,
    flagged: attributes.filter((a) => a.fourFifthsFlag).map((a) => a.attribute),
    attributes: attributes.map(attributeJson),
  };
  const title = `Bias: ${scopeText(s)}`;
  const windowField = `last ${s.windowLabel} (${fmtTime(s.from)} – ${fmtTime(s.to)})`;
  if (!m.value.report) return ok({ reply: { title, tone: 'info', blocks: [text(m.value.reason!)], data: summary }, summary });
  const headline = summary.flagged.length
    ? `Four-fifths screen **flagged** for ${summary.flagged.join(', ')} — a screening heuristic, not a verdict: look at the group rates below.`
    : 'Four-fifths screen: no attribute flagged.';
  const chart = biasChartSvg(title, `${windowField} · ${m.value.rows} labelled predictions`, attributes, deps.config.monitoring.fourFifths);
  const reply: Reply = {
    title,
    tone: summary.flagged.length ? 'warning' : 'success',
    blocks: [
      text(headline),
      fields({ Window: windowField, 'Labelled predictions': String(m.value.rows) }),
      ...attributes.flatMap(biasAttributeBlocks),
      context('Rates per group: selection rate P(ŷ=1), TPR P(ŷ=1 | y=1), FPR P(ŷ=1 | y=0); differences are max − min and ratios min / max across groups (Fairlearn definitions).'),
    ],
    images: [{ filename: `bias-${s.model.name}-v${s.version.version}-${s.environment ?? 'all'}-${s.to.toISOString().slice(0, 16).replace(/[-:]/g, '')}.png`, title: 'Selection rate by group', alt: `Selection rate per group of ${attributes.map((a) => a.attribute).join(', ')} with the four-fifths line`, png: renderPng(chart.svg).png }],
    data: summary,
  };
  return ok({ reply, summary });
}
