import type { MonitorTier } from '../domain/records.js';
import { ok } from '../../core/result.js';
import type { FeatureDrift } from '../../monitoring/domain/stats/index.js';
import { rankFeatures, type FeatureJson } from '../../monitoring/io/drift-json.js';
import { fmtNumber } from '../../chat/replies/builders.js';
import { buildBiasReport } from '../../monitoring/chat/bias-report.js';
import { buildDriftReport } from '../../monitoring/chat/drift-report.js';
import { driftMinRows } from '../../config/monitoring-config.js';
import { counted } from '../../core/format.js';
import { buildQualityReport } from '../../monitoring/chat/quality-report.js';
import { crossedQuality, type QualityCheck } from '../../monitoring/domain/quality-check.js';
import { qualityThresholds } from '../../config/monitoring-config.js';
import { type ReportDeps } from '../../monitoring/measure-drift.js';
import type { FeatureFinding, QualityStatus, ReportSource, ReportWindow } from '../chat/report-source.js';

/** "7d", "36h", "90m": the report builders' window syntax (minutes at the finest). */
function windowLabel(w: ReportWindow): string {
  const minutes = Math.max(1, Math.round((w.to.getTime() - w.from.getTime()) / 60_000));
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

const FEATURE_TIER: Record<string, MonitorTier> = { drift: 'critical', possible_drift: 'warning', no_drift: 'ok', not_testable: 'no_data' };

/**
 * The real ReportSource: the monitoring module's drift and bias report builders, with the window
 * ending at the run's slot. Tiers: dataset drift -> critical, some features drifted -> warning,
 * none -> ok, no predictions or fewer than monitoring.minRows -> no data; bias: a four-fifths flag -> warning; quality: a check of
 * monitoring.quality.critical crossed -> critical, of .warning -> warning, fewer labelled predictions
 * than minLabelled -> no data (never an alert).
 */
export function monitoringReportSource(deps: ReportDeps): ReportSource {
  const at = (w: ReportWindow): ReportDeps => ({ ...deps, clock: { now: () => w.to } });
  return {
    async drift(model, environment, window) {
      const label = windowLabel(window);
      const r = await buildDriftReport(at(window), { model, env: environment, window: label });
      if (!r.ok) return r;
      const s = r.value.summary;
      const charts = r.value.reply.images ?? [];
      if (!s.report || s.currentRows === 0) return ok({ tier: 'no_data', shareDrifted: null, features: [], charts, note: `no predictions in the last ${label}` });
      const minRows = driftMinRows(deps.config.monitoring, model);
      if (s.currentRows < minRows) return ok({ tier: 'no_data', shareDrifted: null, features: [], charts, note: `only ${counted(s.currentRows, 'prediction')} in the last ${label} (drift alerts need ${minRows}: monitoring.minRows)` });
      const ranked = rankFeatures(s.report.features as unknown as (FeatureJson & FeatureDrift)[]).filter((f) => f.status === 'drift' || f.status === 'possible_drift');
      const features: FeatureFinding[] = ranked.map((f) => ({ name: f.name, score: f.score, test: f.test, tier: FEATURE_TIER[f.status] ?? 'warning' }));
      const tier: MonitorTier = s.datasetDrift ? 'critical' : s.drifted.length ? 'warning' : 'ok';
      return ok({ tier, shareDrifted: s.shareDrifted, features, charts });
    },
    async bias(model, environment, window) {
      const label = windowLabel(window);
      const r = await buildBiasReport(at(window), { model, env: environment, window: label });
      if (!r.ok) return r;
      const s = r.value.summary;
      const charts = r.value.reply.images ?? [];
      if (!s.attributes.length) return ok({ tier: 'no_data', headline: null, attribute: null, charts, note: `no labelled predictions with sensitive attributes in the last ${label}` });
      const flagged = s.attributes.filter((a) => a.fourFifths.flagged).sort((a, b) => (a.fourFifths.ratio ?? 1) - (b.fourFifths.ratio ?? 1));
      const worst = flagged[0];
      if (!worst) return ok({ tier: 'ok', headline: 'four-fifths screen not flagged', attribute: null, charts });
      const ratio = worst.fourFifths.ratio;
      return ok({ tier: 'warning', headline: `selection-rate ratio ${ratio === null ? '—' : fmtNumber(ratio)} for ${worst.attribute} (four-fifths screen flagged)`, attribute: worst.attribute, charts });
    },
    async quality(model, environment, window) {
      const label = windowLabel(window);
      const r = await buildQualityReport(at(window), { model, env: environment, window: label });
      if (!r.ok) return r;
      const s = r.value.summary;
      const charts = r.value.reply.images ?? [];
      const t = qualityThresholds(deps.config.monitoring, model);
      const base = { labelled: s.labelled, charts, metric: null, headline: null };
      if (s.labelled === 0) return ok({ ...base, tier: 'no_data', note: `no labelled predictions in the last ${label}` });
      const all = [...t.warning, ...t.critical];
      // what the quality report measured, for a line that is not a crossed check: the checks' metrics, else its first
      const live = s.metrics.filter((m) => m.value !== null);
      const shown = live.filter((m) => all.some((c) => c.metric === m.name));
      const values = (ms: typeof live) => ms.map((m) => `${m.name} ${fmtNumber(m.value!)}${m.registered !== null ? ` (registered ${fmtNumber(m.registered)})` : ''}`).join(', ');
      const measured = (why: string) => (live.length ? `${values(shown.length ? shown : live.slice(0, 1))} over ${s.labelled} labelled${why}` : null);
      if (s.labelled < t.minLabelled) return ok({ ...base, tier: 'no_data', headline: measured(` (fewer than the ${t.minLabelled} quality alerts need)`), note: `only ${s.labelled} labelled predictions in the last ${label} (quality alerts need ${t.minLabelled})` });
      const crossed = (checks: readonly QualityCheck[]) => checks.map((c) => ({ c, text: crossedQuality(s.metrics, [c]).crossed[0] })).filter((x): x is { c: QualityCheck; text: string } => x.text !== undefined);
      for (const tier of ['critical', 'warning'] as const) {
        const hit = crossed(t[tier]);
        if (hit.length) return ok({ ...base, tier, metric: hit[0]!.c.metric, headline: hit.map((x) => x.text).join('; ') });
      }
      const checkable = new Set(all.filter((c) => crossedQuality(s.metrics, [c]).unmeasured.length === 0).map((c) => c.metric));
      const checked = s.metrics.filter((m) => checkable.has(m.name));
      if (!checked.length) return ok({ ...base, tier: 'no_data', headline: measured(shown.length ? ', not checked (no registered value)' : ', not checked (the alert checks name none of its metrics)'), note: `none of ${all.map((c) => c.text).join(', ')} can be checked on ${model} (no live or registered value)` });
      return ok({ ...base, tier: 'ok', headline: `${values(checked)} over ${s.labelled} labelled` } satisfies QualityStatus);
    },
  };
}
