import { driftMinRows } from '../../config/monitoring-config.js';
import { driftChartSvg } from '../charts/drift-chart.js';
import { renderPng } from '../charts/render-png.js';
import { datasetDrift } from '../domain/stats/index.js';
import { ok, type Result } from '../../core/result.js';
import { driftJson, type DriftJson, rankFeatures } from '../io/drift-json.js';
import { driftFeatureTable, driftHeadline, pct } from '../io/report-view.js';
import { context, fields, text } from '../../chat/replies/builders.js';
import { counted, fmtTime } from '../../core/format.js';
import type { Reply } from '../../chat/replies/reply.js';
import { type DriftMeasurement, driftOptions, measureDrift, type ReportDeps, type ReportInput, type ReportScope, resolveScope, scopeText } from '../measure-drift.js';

/** Said whenever a report leaves out predictions profiled against an earlier reference. */
export const notComparableNote = (nc: { rows: number; hours: number }): string =>
  `${nc.rows} prediction${nc.rows === 1 ? '' : 's'} in ${nc.hours} hour${nc.hours === 1 ? '' : 's'} of this window ${nc.rows === 1 ? 'was' : 'were'} profiled against an earlier reference or label setting and ${nc.rows === 1 ? 'is' : 'are'} not comparable: left out.`;

const windowText = (s: ReportScope): string => `last ${s.windowLabel} (${fmtTime(s.from)} – ${fmtTime(s.to)})`;

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
  /** predictions left out: profiled against an earlier reference whose rows are no longer kept */
  readonly notComparable: { readonly rows: number; readonly hours: number };
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
    notComparable: m.value.notComparable,
  };
  const rowsField = `reference ${reference.rows} · current ${m.value.currentRows}`;
  if (!drift) {
    return ok({
      reply: { title, tone: 'info', blocks: [text(`No predictions were logged for ${scopeText(s)} in the ${windowText(s)} — nothing to compare yet.`), fields({ Rows: rowsField }), ...(m.value.notComparable.rows ? [context(notComparableNote(m.value.notComparable))] : [])], data: summary },
      summary,
    });
  }
  const ranked = rankFeatures(drift.features);
  const chartFeatures = ranked.filter((f) => f.status !== 'not_testable').slice(0, TOP_CHART);
  const chart = driftChartSvg(title, `${windowText(s)} · ${rowsField} rows · dataset drift: ${drift.datasetDrift ? 'yes' : 'no'} (${pct(drift.shareDrifted)} of features)`, chartFeatures.map((f) => ({ feature: f, histogram: m.value.histograms.find((h) => h.name === f.name)! })));
  const png = renderPng(chart.svg);
  const share = driftOptions(deps.config, s.model.name).driftShare;
  const notes = Object.entries(m.value.nonNumeric).map(([k, n]) => `${n} logged value${n === 1 ? '' : 's'} of numeric feature ${k} were not numbers and count as missing.`);
  const nc = m.value.notComparable;
  if (nc.rows > 0) notes.push(notComparableNote(nc));
  const minRows = driftMinRows(deps.config.monitoring, s.model.name);
  if (m.value.currentRows < minRows) notes.push(`Only ${counted(m.value.currentRows, 'prediction')} in this window: a verdict on so few is unreliable (alerts wait for ${minRows}, monitoring.minRows).`);
  const reply: Reply = {
    title,
    tone: drift.datasetDrift || summary.drifted.length ? 'warning' : 'success',
    blocks: [
      text(driftHeadline(drift)),
      fields({ Window: windowText(s), Rows: rowsField, 'Dataset drift at': `≥ ${pct(share)} of features drifted` }),
      driftFeatureTable(drift.features, TOP_TABLE),
      context(`Tests: reference ≤ 1000 rows → KS / chi-square p-value < 0.05; larger → Wasserstein normed / Jensen-Shannon ≥ 0.1 (configurable per model and column in steward.yaml). From hourly profiles: KS and Wasserstein are shown ± the most they can differ from the exact value; the rest is exact.${notes.length ? ` ${notes.join(' ')}` : ''}`),
    ],
    images: [{ filename: `drift-${s.model.name}-v${s.version.version}-${s.environment ?? 'all'}-${s.to.toISOString().slice(0, 16).replace(/[-:]/g, '')}.png`, title: 'Reference vs current', alt: `Reference vs current distributions of ${chartFeatures.map((f) => f.name).join(', ')}`, png: png.png }],
    data: summary,
  };
  return ok({ reply, summary });
}
