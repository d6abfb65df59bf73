import { biasChartSvg } from '../charts/bias-chart.js';
import { renderPng } from '../charts/render-png.js';
import { ok, type Result } from '../../core/result.js';
import { type AttributeJson, attributeJson } from '../io/drift-json.js';
import { biasAttributeBlocks } from '../io/report-view.js';
import { fmtTime } from '../../core/format.js';
import { context, fields, text } from '../../chat/replies/builders.js';
import type { Reply } from '../../chat/replies/reply.js';
import { type ReportDeps, type ReportInput, resolveScope, scopeText } from '../measure-drift.js';
import { type BiasMeasurement, measureBias } from '../measure-bias.js';
import { notComparableNote } from './drift-report.js';

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
      ...(m.value.notComparable.rows ? [context(notComparableNote(m.value.notComparable))] : []),
    ],
    images: [{ filename: `bias-${s.model.name}-v${s.version.version}-${s.environment ?? 'all'}-${s.to.toISOString().slice(0, 16).replace(/[-:]/g, '')}.png`, title: 'Selection rate by group', alt: `Selection rate per group of ${attributes.map((a) => a.attribute).join(', ')} with the four-fifths line`, png: renderPng(chart.svg).png }],
    data: summary,
  };
  return ok({ reply, summary });
}
