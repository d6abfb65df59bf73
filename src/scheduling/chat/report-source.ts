import type { MonitorTier } from '../domain/records.js';
import { ok, type Result } from '../../core/result.js';
import type { ReplyImage } from '../../chat/replies/reply.js';

/**
 * Where scheduled runs and the alert check get drift, bias and quality results: a port, so the scheduler does
 * not depend on how monitoring computes them. The monitoring module provides the real adapter
 * (see monitoring-report-source.ts); tests use an in-memory fake.
 */
export interface ReportWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface FeatureFinding {
  readonly name: string;
  /** the test statistic or p-value, as the report shows it */
  readonly score: number | null;
  /** e.g. "psi", "ks" */
  readonly test: string | null;
  readonly tier: MonitorTier;
}

export interface DriftSummary {
  readonly tier: MonitorTier;
  /** share of testable features that drifted, 0–1; null when nothing was testable */
  readonly shareDrifted: number | null;
  /** drifted (or possibly drifted) features, worst first */
  readonly features: readonly FeatureFinding[];
  readonly charts: readonly ReplyImage[];
  /** e.g. "no predictions in the last 7 days" */
  readonly note?: string;
}

export interface BiasSummary {
  readonly tier: MonitorTier;
  /** one line, e.g. "selection-rate ratio 0.72 for sex (four-fifths screen flagged)" */
  readonly headline: string | null;
  /** the protected attribute the headline is about */
  readonly attribute: string | null;
  readonly charts: readonly ReplyImage[];
  readonly note?: string;
}

export interface QualityStatus {
  /** against the alert thresholds (monitoring.quality): a critical check crossed, a warning one, none; no_data below minLabelled */
  readonly tier: MonitorTier;
  /** one line, e.g. "accuracy 0.8 < registered 0.95 − 0.02" or "accuracy 0.94 (registered 0.95)" */
  readonly headline: string | null;
  /** the metric of the first crossed check (the alert is about it), else null */
  readonly metric: string | null;
  readonly labelled: number;
  readonly charts: readonly ReplyImage[];
  readonly note?: string;
}

export interface ReportSource {
  drift(model: string, environment: string, window: ReportWindow): Promise<Result<DriftSummary>>;
  bias(model: string, environment: string, window: ReportWindow): Promise<Result<BiasSummary>>;
  quality(model: string, environment: string, window: ReportWindow): Promise<Result<QualityStatus>>;
}

/** Until a monitoring adapter is wired: every model reports "no data", with the reason. */
export const noReportSource: ReportSource = {
  drift: async () => ok({ tier: 'no_data', shareDrifted: null, features: [], charts: [], note: 'drift reports are not available in this Steward build' }),
  bias: async () => ok({ tier: 'no_data', headline: null, attribute: null, charts: [], note: 'bias reports are not available in this Steward build' }),
  quality: async () => ok({ tier: 'no_data', headline: null, metric: null, labelled: 0, charts: [], note: 'quality reports are not available in this Steward build' }),
};
