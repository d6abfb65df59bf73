import { qualityTrendSvg } from '../charts/quality-chart.js';
import { renderPng } from '../charts/render-png.js';
import { ok, type Result } from '../../core/result.js';
import { fmtNumber, fmtTime } from '../../core/format.js';
import { context, fields, table, text } from '../../chat/replies/builders.js';
import type { Reply, ReplyImage } from '../../chat/replies/reply.js';
import { type ReportDeps, type ReportInput, resolveScope, scopeText } from '../measure-drift.js';
import { measureQuality, type QualityBy, type QualityComparison, type QualityMeasurement } from '../measure-quality.js';
import { DELAY_RESOLUTION } from '../domain/profile/profile-quality.js';
import type { QualityMetricName, QualityTask } from '../domain/stats/quality.js';
import { notComparableNote } from './drift-report.js';

export interface QualityMetricJson {
  readonly name: QualityMetricName;
  readonly value: number | null;
  /** |true − value| ≤ bound; 0: exact */
  readonly bound: number;
  readonly exact: boolean;
  readonly registered: number | null;
  readonly registeredAs: string | null;
  readonly difference: number | null;
  readonly worse: boolean | null;
  readonly estimated: number | null;
  readonly note: string | null;
}

export interface QualitySummary {
  readonly model: string;
  readonly version: number;
  readonly environment: string | null;
  readonly window: { readonly label: string; readonly from: string; readonly to: string };
  readonly task: QualityTask | null;
  readonly rows: number;
  readonly labelled: number;
  /** labelled / rows, null without rows */
  readonly coverage: number | null;
  readonly medianLabelDelaySeconds: number | null;
  readonly metrics: readonly QualityMetricJson[];
  /** estimated from scores alone (binary classifiers whose predictions carry a score) */
  readonly estimated: { readonly rows: number; readonly metrics: Readonly<Partial<Record<QualityMetricName, number | null>>> } | null;
  readonly trend: { readonly by: QualityBy; readonly points: readonly { readonly start: string; readonly rows: number; readonly labelled: number; readonly values: Readonly<Partial<Record<QualityMetricName, number | null>>>; readonly estimated: Readonly<Partial<Record<QualityMetricName, number | null>>> }[] };
  readonly reason: string | null;
}

export const METRIC_LABEL: Record<QualityMetricName, string> = { accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'F1', roc_auc: 'ROC AUC', mae: 'MAE', rmse: 'RMSE' };
const RATES: ReadonlySet<QualityMetricName> = new Set(['accuracy', 'precision', 'recall', 'f1', 'roc_auc']);

/** "≈ 6.2 h": a label delay. */
export function delayText(seconds: number): string {
  if (seconds < 1) return 'under a second';
  const [v, unit] = seconds < 90 ? [seconds, 's'] : seconds < 5400 ? [seconds / 60, 'min'] : seconds < 129_600 ? [seconds / 3600, 'h'] : [seconds / 86_400, 'd'];
  return `≈ ${Number(v.toPrecision(2))} ${unit}`;
}

const valueText = (m: QualityComparison): string => (m.value === null ? `— (${m.note ?? 'not defined'})` : `${fmtNumber(m.value)}${m.bound > 0 ? ` ± ${fmtNumber(m.bound)}` : ''}`);
const signed = (d: number): string => (d > 0 ? `+${fmtNumber(d)}` : fmtNumber(d));

function summaryOf(m: QualityMeasurement): QualitySummary {
  const s = m.scope;
  const me = m.measure;
  return {
    model: s.model.name,
    version: s.version.version,
    environment: s.environment,
    window: { label: s.windowLabel, from: s.from.toISOString(), to: s.to.toISOString() },
    task: me.task,
    rows: me.rows,
    labelled: me.labelled,
    coverage: me.rows > 0 ? me.labelled / me.rows : null,
    medianLabelDelaySeconds: me.medianLabelDelayMs === null ? null : me.medianLabelDelayMs / 1000,
    metrics: m.metrics.map((x) => ({ name: x.name, value: x.value, bound: x.bound, exact: x.bound === 0, registered: x.registered, registeredAs: x.registeredAs, difference: x.difference, worse: x.worse, estimated: x.estimated, note: x.note ?? null })),
    estimated: me.estimated ? { rows: me.estimated.rows, metrics: Object.fromEntries(me.estimated.metrics.map((x) => [x.name, x.value])) } : null,
    trend: { by: m.trend.by, points: m.trend.points.map((p) => ({ start: p.start.toISOString(), rows: p.rows, labelled: p.labelled, values: p.values, estimated: p.estimated })) },
    reason: m.reason,
  };
}

/** The quality report for chat, the CLI and the scheduler: live metrics next to the registered ones, coverage, label delay, a trend chart per metric. */
export async function buildQualityReport(deps: ReportDeps, input: ReportInput & { by?: QualityBy }): Promise<Result<{ reply: Reply; summary: QualitySummary; measurement: QualityMeasurement }>> {
  const scope = await resolveScope(deps, input);
  if (!scope.ok) return scope;
  const r = await measureQuality(deps, scope.value, input.by ?? 'day');
  if (!r.ok) return r;
  const m = r.value;
  const s = m.scope;
  const summary = summaryOf(m);
  const title = `Quality: ${scopeText(s)}`;
  const windowField = `last ${s.windowLabel} (${fmtTime(s.from)} – ${fmtTime(s.to)})`;
  const notes = m.notComparable.rows ? [context(notComparableNote(m.notComparable))] : [];
  if (m.reason && !m.measure.estimated) return ok({ reply: { title, tone: 'info', blocks: [text(m.reason), ...notes], data: summary }, summary, measurement: m });
  const worse = m.metrics.filter((x) => x.worse);
  const coverage = summary.coverage === null ? '—' : `${Number((summary.coverage * 100).toFixed(1))}% (${m.measure.labelled} of ${m.measure.rows})`;
  const est = m.measure.estimated;
  const headline = m.metrics.length
    ? worse.length
      ? `Below the registered values: ${worse.map((x) => `${METRIC_LABEL[x.name]} ${fmtNumber(x.value!)} vs ${fmtNumber(x.registered!)} (${signed(x.difference!)})`).join(', ')}.`
      : m.metrics.some((x) => x.registered !== null)
        ? 'At or above every registered value.'
        : 'No registered values to compare with (register the version with --metric accuracy=…, auc=…).'
    : (m.reason ?? 'No labelled predictions yet: the estimate below comes from the scores alone.');
  const showEstimate = est !== null;
  const rows = m.metrics.map((x) => [METRIC_LABEL[x.name], valueText(x), x.registered === null ? '—' : fmtNumber(x.registered), x.difference === null ? '—' : signed(x.difference), ...(showEstimate ? [x.estimated === null ? '—' : fmtNumber(x.estimated)] : [])]);
  if (!m.metrics.length && est) for (const e of est.metrics) rows.push([METRIC_LABEL[e.name], '—', '—', '—', e.value === null ? '—' : fmtNumber(e.value)]);
  const blocks = [
    text(headline),
    fields({
      Window: windowField,
      ...(m.measure.task ? { Task: m.measure.task } : {}),
      'Labelled': coverage,
      'Median label delay': summary.medianLabelDelaySeconds === null ? '— (no labels attached after logging)' : delayText(summary.medianLabelDelaySeconds),
    }),
    table(['metric', 'live', 'registered', 'difference', ...(showEstimate ? ['estimated'] : [])], rows),
    ...(showEstimate ? [context(`Estimated from the scores of ${est.rows} predictions, labelled or not (confidence-based performance estimation, as NannyML's CBPE): it assumes the scores are calibrated probabilities, and is no measurement.`)] : []),
    ...(m.metrics.some((x) => x.bound > 0) ? [context('ROC AUC from hourly profiles: ± bounds the pairs whose scores share a 0.001-wide bin.')] : []),
    ...(summary.medianLabelDelaySeconds !== null ? [context(`Label delay: from logging to the label's arrival, to within ${Math.round(DELAY_RESOLUTION * 100)}%.`)] : []),
    ...notes,
  ];
  const images: ReplyImage[] = [];
  const stamp = s.to.toISOString().slice(0, 16).replace(/[-:]/g, '');
  const names = m.metrics.length ? m.metrics.map((x) => x.name) : (est?.metrics.map((x) => x.name) ?? []);
  for (const name of names) {
    const x = m.metrics.find((c) => c.name === name);
    const points = m.trend.points.map((p) => ({ start: p.start, value: p.values[name] ?? null, estimated: p.estimated[name] ?? null }));
    const registered = x?.registered ?? null;
    const chart = qualityTrendSvg(`${METRIC_LABEL[name]}: ${scopeText(s)}`, `${windowField} · by ${m.trend.by}`, METRIC_LABEL[name], points, registered, { rate: RATES.has(name), hourly: m.trend.by === 'hour' });
    images.push({
      filename: `quality-${s.model.name}-v${s.version.version}-${s.environment ?? 'all'}-${name}-${stamp}.png`,
      title: `${METRIC_LABEL[name]} by ${m.trend.by}`,
      alt: `${METRIC_LABEL[name]} per ${m.trend.by} of ${s.model.name} v${s.version.version}${registered !== null ? `, with the registered ${fmtNumber(registered)} as a line` : ''}`,
      png: renderPng(chart.svg).png,
    });
  }
  return ok({ reply: { title, tone: worse.length ? 'warning' : 'success', blocks, images, data: summary }, summary, measurement: m });
}
