import { type ModelSummaryRecord, type MonitorTier, tierRank } from '../domain/records.js';
import type { ScheduleKind } from '../domain/schedule.js';
import { describeDuration } from '../domain/duration.js';
import { context, fmtNumber, fmtTime, text } from '../../chat/replies/builders.js';
import type { Button, LinkButton, Reply, ReplyImage, Tone } from '../../chat/replies/reply.js';
import type { PageLinks } from '../../ports/page-links.js';
import { openLink } from '../../chat/page-link.js';
import { fmtDuration } from '../domain/duration.js';
import type { BiasSummary, DriftSummary, QualityStatus } from './report-source.js';
import { retrainButton } from '../../training/chat/retrain-button.js';

/** The scheduled report message: one line per model, charts, [Details], [Rollback] and [Retrain] buttons. Pure. */

export const KIND_TITLE: Record<ScheduleKind, string> = { drift: 'Drift report', bias: 'Bias report', quality: 'Quality report', digest: 'Monitoring digest' };
const TIER_LABEL: Record<MonitorTier, string> = { ok: 'ok', warning: 'WARNING', critical: 'CRITICAL', no_data: 'no data' };
const TIER_TONE: Record<MonitorTier, Tone> = { ok: 'success', warning: 'warning', critical: 'danger', no_data: 'neutral' };
export const MAX_CHARTS = 10;
const MAX_DETAILS = 5;

export const worstTier = (tiers: readonly (MonitorTier | null)[]): MonitorTier => {
  let worst: MonitorTier = 'no_data';
  for (const t of tiers) if (t && tierRank(t) > tierRank(worst)) worst = t;
  return worst;
};

/** What one run keeps about one model. */
export function summarizeModel(model: string, environment: string, drift: DriftSummary | null, bias: BiasSummary | null, deploymentId: number | null, quality: QualityStatus | null = null): ModelSummaryRecord {
  return {
    model,
    environment,
    tier: drift?.tier ?? 'no_data',
    shareDrifted: drift?.shareDrifted ?? null,
    driftedFeatures: (drift?.features ?? []).slice(0, 10).map((f) => ({ name: f.name, score: f.score, test: f.test, tier: f.tier })),
    worstFeature: drift?.features[0]?.name ?? null,
    biasTier: bias ? bias.tier : null,
    biasHeadline: bias?.headline ?? null,
    biasAttribute: bias?.attribute ?? null,
    ...(quality ? { qualityTier: quality.tier, qualityHeadline: quality.headline, qualityMetric: quality.metric } : {}),
    note: [drift?.note, bias?.note, quality?.note].filter((n): n is string => !!n).map((n) => n.replace(/\.$/, '')).join('; ') || null,
    deploymentId,
  };
}

export const overallTier = (kind: ScheduleKind, m: ModelSummaryRecord): MonitorTier =>
  kind === 'drift' ? m.tier : kind === 'bias' ? (m.biasTier ?? 'no_data') : kind === 'quality' ? (m.qualityTier ?? 'no_data') : worstTier([m.tier, m.biasTier, m.qualityTier ?? null]);

const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`;

export function modelLine(kind: ScheduleKind, m: ModelSummaryRecord): string {
  const tier = overallTier(kind, m);
  const parts: string[] = [];
  if (kind === 'drift' || kind === 'digest') {
    if (m.shareDrifted === null) parts.push('drift: no data');
    else {
      const worst = m.driftedFeatures[0];
      parts.push(`drifted ${pct(m.shareDrifted)}`);
      if (worst) parts.push(`worst: ${worst.name}${worst.score !== null ? ` (${worst.test ? `${worst.test} ` : ''}${fmtNumber(worst.score)})` : ''}`);
    }
  }
  if (kind === 'bias' || kind === 'digest') parts.push(`bias: ${m.biasHeadline ?? 'no data'}`);
  // a digest of a run from before quality was measured has no quality line
  if (kind === 'quality' || (kind === 'digest' && m.qualityTier !== undefined)) parts.push(`quality: ${m.qualityHeadline ?? 'no data'}`);
  const note = m.note && tier === 'no_data' ? ` (${m.note})` : '';
  return `**${m.model}** — ${TIER_LABEL[tier]} · ${parts.join(' · ')}${note}`;
}

export interface DigestInput {
  readonly kind: ScheduleKind;
  readonly scheduleId: number;
  readonly runId: number;
  readonly environment: string;
  readonly windowSeconds: number;
  readonly window: { from: Date; to: Date };
  readonly cron: string;
  readonly timezone: string;
  readonly slot: Date;
  readonly manual: boolean;
  readonly models: readonly ModelSummaryRecord[];
  readonly charts: readonly ReplyImage[];
  /** models deployed within the window: model -> its live deployment (a [Rollback] button) */
  readonly rollbacks: readonly { model: string; deploymentId: number; version: number }[];
  /** models whose quality is at warning or worse and that have a training pipeline (a [Retrain] button) */
  readonly retrain?: readonly string[];
  /** [Open] links to the models' report pages */
  readonly links?: readonly LinkButton[];
}

/** The id a [Details] button carries: run and model position ("r12:0"), resolved from the ledger. */
export const detailsId = (runId: number, index: number): string => `r${runId}:${index}`;

/**
 * A scheduled report's [Open] links, one per model (at most 5): its drift, bias or quality report page
 * over the schedule's window; a digest links each model's page. "Open" alone when there is one model.
 */
export function scheduledReportLinks(pages: PageLinks | undefined, kind: ScheduleKind, environment: string, windowSeconds: number, models: readonly string[]): LinkButton[] {
  const shown = models.slice(0, MAX_DETAILS);
  const window = fmtDuration(windowSeconds);
  const w = /^\d{1,4}[mhd]$/.test(window) ? { window } : {};
  return shown.flatMap((model) => openLink(pages, kind === 'digest' ? { kind: 'model', model } : { kind, model, environment, ...w }, shown.length === 1 ? 'Open' : `Open ${model}`));
}

export function buildDigestReply(d: DigestInput): Reply {
  const title = `${KIND_TITLE[d.kind]} — ${d.environment}, last ${describeDuration(d.windowSeconds)}`;
  const tiers = d.models.map((m) => overallTier(d.kind, m));
  const byWorst = d.models.map((m, i) => ({ m, i, r: tierRank(tiers[i]!) })).sort((a, b) => b.r - a.r || a.m.model.localeCompare(b.m.model));
  const buttons: Button[] = [
    ...byWorst.slice(0, MAX_DETAILS).map(({ m, i }) => ({ label: `Details: ${m.model}`, action: { v: 1 as const, a: 'details' as const, id: detailsId(d.runId, i) } })),
    ...d.rollbacks.slice(0, MAX_DETAILS).map((r) => ({ label: `Rollback ${r.model} v${r.version}`, style: 'danger' as const, action: { v: 1 as const, a: 'rollback' as const, id: String(r.deploymentId) } })),
    ...(d.retrain ?? []).slice(0, MAX_DETAILS).map((m) => ({ ...retrainButton(m, { report: 'quality' }), label: `Retrain ${m}` })),
  ];
  const lines = d.models.length ? d.models.map((m) => modelLine(d.kind, m)).join('\n') : 'No models to report on: none is live in this environment.';
  return {
    title,
    tone: d.models.length ? TIER_TONE[worstTier(tiers)] : 'neutral',
    blocks: [
      text(lines),
      context(`${d.manual ? 'Run on request' : `Schedule #${d.scheduleId}`} · \`${d.cron}\` (${d.timezone}) · predictions ${fmtTime(d.window.from)} → ${fmtTime(d.window.to)}`),
    ],
    ...(d.charts.length ? { images: d.charts.slice(0, MAX_CHARTS) } : {}),
    ...(buttons.length ? { buttons } : {}),
    ...(d.links?.length ? { links: d.links } : {}),
    data: {
      schedule: d.scheduleId,
      run: d.runId,
      slot: d.slot.toISOString(),
      kind: d.kind,
      environment: d.environment,
      models: d.models.map((m, i) => ({ model: m.model, tier: tiers[i], shareDrifted: m.shareDrifted, worstFeature: m.worstFeature, biasHeadline: m.biasHeadline, ...(m.qualityTier !== undefined ? { qualityTier: m.qualityTier, qualityHeadline: m.qualityHeadline } : {}) })),
    },
  };
}

/** The message a run posts first and then updates in place. */
export function buildProgressReply(d: { kind: ScheduleKind; environment: string; windowSeconds: number; scheduleId: number; runId: number; slot: Date; done: number; total: number | null }): Reply {
  return {
    title: `${KIND_TITLE[d.kind]} — ${d.environment}, last ${describeDuration(d.windowSeconds)}`,
    tone: 'info',
    blocks: [text(d.total === null ? 'Running…' : `Running… ${d.done} of ${d.total} model${d.total === 1 ? '' : 's'} done`)],
    data: { schedule: d.scheduleId, run: d.runId, slot: d.slot.toISOString(), state: 'running' },
  };
}
