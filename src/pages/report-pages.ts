import { WINDOW_RE } from '../monitoring/domain/report-window.js';
import { buildDriftReport, type DriftSummary } from '../monitoring/chat/drift-report.js';
import { buildBiasReport, type BiasSummary } from '../monitoring/chat/bias-report.js';
import { buildQualityReport, delayText, METRIC_LABEL, type QualitySummary } from '../monitoring/chat/quality-report.js';
import type { FeatureJson } from '../monitoring/io/drift-json.js';
import { fmtTime } from '../core/format.js';
import { html, type Html, join } from './html.js';
import { document, facts, num, type PageContext, percent, section, table, tag, type Tone } from './layout.js';
import { badRequestPage, notFoundPage } from './error-pages.js';
import { barChart, lineChart } from './svg-chart.js';
import type { PageResult, PagesPorts } from './pages-ports.js';

export type ReportKind = 'drift' | 'bias' | 'quality';

const TITLE: Record<ReportKind, string> = { drift: 'Drift', bias: 'Bias', quality: 'Quality' };

const statusTone = (s: string): Tone => (s === 'drift' ? 'critical' : s === 'possible_drift' ? 'warning' : s === 'no_drift' ? 'ok' : 'neutral');

const windowLine = (w: { label: string; from: string; to: string }) => `last ${w.label} (${fmtTime(new Date(w.from))} – ${fmtTime(new Date(w.to))})`;

/**
 * Drift, bias and quality reports of a model in an environment: the same use cases and the same
 * data as the chat report and `POST /api/v1/commands` (`reply.data`), as tables and inline SVG.
 */
export async function reportPage(p: PagesPorts, ctx: PageContext, kind: ReportKind, model: string, environment: string, window: string | null): Promise<PageResult> {
  if (window !== null && !WINDOW_RE.test(window)) return badRequestPage(ctx, `“${window}” is not a window: use a duration like 7d, 24h, 90m or 2w.`);
  const m = await p.store.read.models.byName(model);
  if (!m) return notFoundPage(ctx, `There is no model “${model}”.`);
  if (!p.config.environments.includes(environment)) return notFoundPage(ctx, `There is no environment “${environment}”; environments: ${p.config.environments.join(', ')}.`);
  const input = { model, env: environment, ...(window ? { window } : {}) };
  const title = `${TITLE[kind]}: ${model} in ${environment}`;
  const others = (['drift', 'bias', 'quality'] as const).filter((k) => k !== kind).map((k) => html`<a href="${ctx.href({ kind: k, model, environment, ...(window ? { window } : {}) })}">${TITLE[k].toLowerCase()}</a>`);
  const windows = ['24h', '7d', '30d', '90d'].map((w) => (w === (window ?? p.config.monitoring.window) ? html`<strong>${w}</strong>` : html`<a href="${ctx.href({ kind, model, environment, window: w })}">${w}</a>`));
  const lead = html`Window: ${join(windows, ' · ')}. Also: ${others[0]} · ${others[1]} · <a href="${ctx.href({ kind: 'model', model })}">model ${model}</a>.`;
  const page = (body: Html): PageResult => ({ status: 200, html: document(ctx, { title, lead, body }) });
  // what the use case could not measure (no reference data, labels that are not binary) is said on the page
  const failed = (r: { error: { message: string } }) => page(html`<p>${r.error.message.replace(/`/g, '')}</p>`);
  if (kind === 'drift') {
    const r = await buildDriftReport(p, input);
    return r.ok ? page(driftBody(ctx, r.value.summary)) : failed(r);
  }
  if (kind === 'bias') {
    const r = await buildBiasReport(p, input);
    return r.ok ? page(biasBody(r.value.summary, p.config.monitoring.fourFifths)) : failed(r);
  }
  const r = await buildQualityReport(p, input);
  return r.ok ? page(qualityBody(r.value.summary)) : failed(r);
}

function scopeFacts(ctx: PageContext, s: { model: string; version: number; environment: string | null; window: { label: string; from: string; to: string } }, more: [string, Html | string][]): Html {
  return facts([['Version', html`<a href="${ctx.href({ kind: 'version', model: s.model, version: s.version })}">v${s.version}</a>`], ['Environment', s.environment ?? 'all'], ['Window', windowLine(s.window)], ...more]);
}

function featureRow(f: FeatureJson): Html[] {
  return [
    html`${f.name}`,
    html`${f.kind}`,
    html`${f.test}`,
    num(f.score),
    num(f.threshold),
    tag(f.status.replace(/_/g, ' '), statusTone(f.status)),
    num(f.psi),
    num(f.jensenShannon),
    html`${num(f.missing.reference)} / ${num(f.missing.current)}`,
    f.exact ? html`exact` : f.bound ? html`KS ± ${num(f.bound.ks.statistic)}, Wasserstein ± ${num(f.bound.wasserstein)}` : f.pooled ? html`${num(f.pooled)} values pooled` : html`approximate`,
  ];
}

function driftBody(ctx: PageContext, s: DriftSummary): Html {
  const r = s.report;
  const head = scopeFacts(ctx, s, [
    ['Rows', `reference ${s.referenceRows} · current ${s.currentRows}`],
    ['Dataset drift', r ? (s.datasetDrift ? tag('yes', 'critical') : tag('no', 'ok')) : 'no data'],
    ['Share of features drifted', percent(s.shareDrifted)],
  ]);
  if (!r) return html`${head}<p>No predictions were logged in this window — nothing to compare yet.</p>`;
  const features = r.features;
  const chart = barChart({
    id: 'drift-psi',
    title: `Population stability index (PSI) per feature, ${s.model} v${s.version}`,
    desc: `PSI of each feature, current window against the reference; the bar colour follows the feature's drift tier, written in the table below. ${features.map((f) => `${f.name}: ${f.psi ?? 'no value'} (${f.status.replace(/_/g, ' ')})`).join('; ')}.`,
    bars: features.map((f) => ({ label: f.name, value: f.psi, tone: statusTone(f.status) })),
  });
  return html`${head}
${section('Features', 'features', [
  chart,
  table({ caption: `Drift per feature (${features.length})`, label: 'Drift per feature', head: ['Feature', 'Kind', 'Test', 'Score', 'Threshold', 'Status', 'PSI', 'Jensen-Shannon', 'Missing (reference / current)', 'Exactness'], rows: features.map(featureRow) }),
  html`<p>Tests: KS and chi-square scores are p-values (drift below the threshold); Wasserstein (normed) and Jensen-Shannon are distances (drift at or above it).${s.notComparable.rows ? ` ${s.notComparable.rows} predictions profiled against an earlier reference were left out.` : ''}</p>`,
])}`;
}

function biasBody(s: BiasSummary, fourFifths: number): Html {
  const head = html`${facts([
    ['Version', `v${s.version}`],
    ['Environment', s.environment ?? 'all'],
    ['Window', windowLine(s.window)],
    ['Labelled predictions', num(s.rows)],
    ['Four-fifths screen', s.flagged.length ? tag(`flagged: ${s.flagged.join(', ')}`, 'warning') : tag('no attribute flagged', 'ok')],
  ])}`;
  if (!s.attributes.length) return html`${head}<p>No labelled predictions with sensitive attributes in this window: nothing to measure.</p>`;
  const blocks = s.attributes.map((a, i) => {
    const maxRate = Math.max(0, ...a.groups.map((g) => g.selectionRate ?? 0));
    const chart = barChart({
      id: `bias-${i}`,
      title: `Selection rate by ${a.attribute}`,
      desc: `Selection rate P(ŷ=1) of each group of ${a.attribute}; the dashed line is ${fourFifths} × the highest rate (the four-fifths screen). ${a.groups.map((g) => `${g.group}: ${g.selectionRate ?? 'no value'}`).join('; ')}.`,
      bars: a.groups.map((g) => ({ label: g.group, value: g.selectionRate, tone: g.selectionRate !== null && g.selectionRate < fourFifths * maxRate ? 'warning' : 'info' })),
      max: 1,
      reference: { value: fourFifths * maxRate, label: `${fourFifths} × max` },
    });
    return section(`Attribute ${a.attribute}`, `attr-${i}`, [
      chart,
      table({ caption: `Groups of ${a.attribute}`, label: `Groups of ${a.attribute}`, head: ['Group', 'Count', 'Selection rate', 'TPR', 'FPR', 'Accuracy'], rows: a.groups.map((g) => [html`${g.group}`, num(g.count), num(g.selectionRate), num(g.tpr), num(g.fpr), num(g.accuracy)]) }),
      table({
        caption: `Fairness metrics of ${a.attribute}`,
        label: `Fairness metrics of ${a.attribute}`,
        head: ['Metric', 'Value'],
        rows: [
          [html`demographic-parity difference`, num(a.demographicParityDifference)],
          [html`demographic-parity ratio`, num(a.demographicParityRatio)],
          [html`equal-opportunity difference`, num(a.equalOpportunityDifference)],
          [html`equal-opportunity ratio`, num(a.equalOpportunityRatio)],
          [html`equalized-odds difference`, num(a.equalizedOddsDifference)],
          [html`equalized-odds ratio`, num(a.equalizedOddsRatio)],
          [html`four-fifths ratio`, html`${num(a.fourFifths.ratio)} ${a.fourFifths.flagged ? tag('flagged', 'warning') : tag('ok', 'ok')}`],
        ],
      }),
      html`<p>Four-fifths: ${a.fourFifths.note}.${a.notes.length ? ` ${a.notes.join(' ')}` : ''}</p>`,
    ]);
  });
  return html`${head}${blocks}`;
}

function qualityBody(s: QualitySummary): Html {
  const head = facts([
    ['Version', `v${s.version}`],
    ['Environment', s.environment ?? 'all'],
    ['Window', windowLine(s.window)],
    ['Task', s.task ?? '—'],
    ['Labelled', s.coverage === null ? '—' : html`${percent(s.coverage)} (${num(s.labelled)} of ${num(s.rows)})`],
    ['Median label delay', s.medianLabelDelaySeconds === null ? '—' : delayText(s.medianLabelDelaySeconds)],
  ]);
  const names = s.metrics.length ? s.metrics.map((m) => m.name) : Object.keys(s.estimated?.metrics ?? {});
  const parts: Html[] = [];
  if (s.reason) parts.push(html`<p>${s.reason}</p>`);
  parts.push(
    table({
      caption: 'Live metrics against the registered values',
      label: 'Quality metrics',
      head: ['Metric', 'Live', '± bound', 'Registered', 'Difference', 'Compared', 'Estimated from scores'],
      rows: s.metrics.map((m) => [html`${METRIC_LABEL[m.name]}`, m.value === null ? html`— (${m.note ?? 'not defined'})` : num(m.value), num(m.bound), num(m.registered), num(m.difference), m.worse === null ? html`—` : m.worse ? tag('below registered', 'warning') : tag('ok', 'ok'), num(m.estimated)]),
      empty: 'No labelled predictions in this window.',
    }),
  );
  names.forEach((name, i) => {
    const n = name as keyof typeof METRIC_LABEL;
    const registered = s.metrics.find((m) => m.name === n)?.registered ?? null;
    const points = s.trend.points.map((pt) => ({ label: pt.start.slice(0, s.trend.by === 'day' ? 10 : 16).replace('T', ' '), value: pt.values[n] ?? null }));
    parts.push(
      section(`${METRIC_LABEL[n]} by ${s.trend.by}`, `trend-${i}`, [
        lineChart({
          id: `trend-${i}`,
          title: `${METRIC_LABEL[n]} per ${s.trend.by}, ${s.model} v${s.version}`,
          desc: `${METRIC_LABEL[n]} of the labelled predictions of each ${s.trend.by}${registered !== null ? `; the dashed line is the registered value ${registered}` : ''}. ${points.map((pt) => `${pt.label}: ${pt.value ?? 'no value'}`).join('; ')}.`,
          points,
          ...(registered !== null ? { reference: { value: registered, label: `registered ${registered}` } } : {}),
        }),
        table({
          caption: `${METRIC_LABEL[n]} per ${s.trend.by}`,
          label: `${METRIC_LABEL[n]} per ${s.trend.by}`,
          head: [s.trend.by === 'day' ? 'Day' : 'Hour', 'Predictions', 'Labelled', METRIC_LABEL[n], 'Estimated'],
          rows: s.trend.points.map((pt, j) => [html`${points[j]!.label}`, num(pt.rows), num(pt.labelled), num(pt.values[n] ?? null), num(pt.estimated[n] ?? null)]),
        }),
      ]),
    );
  });
  return html`${head}${parts}`;
}
