import { z } from 'zod';
import { parseWindow } from '../monitoring/domain/report-window.js';
import { parseQualityChecks, type QualityCheck } from '../monitoring/domain/quality-check.js';
import { DEFAULT_MIN_LABELLED, minLabelledSchema, qualityChecksSchema } from './quality-check-schema.js';

/** steward.yaml `monitoring:` — drift tests and thresholds per model and column, report window, bias settings. */

const testName = z.enum(['ks', 'chiSquare', 'wasserstein', 'psi', 'jensenShannon']);
const columnOptions = z
  .object({
    test: testName.optional(),
    threshold: z.number().positive('a threshold is a positive number').optional(),
    possibleBand: z.number().min(0, 'possibleBand is 0 or more').optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const isP = o.test === 'ks' || o.test === 'chiSquare';
    if (isP && o.threshold !== undefined && o.threshold > 1) ctx.addIssue({ code: 'custom', message: `a p-value threshold for ${o.test} is at most 1` });
    if (o.test !== undefined && !isP && o.possibleBand !== undefined && o.possibleBand > 1) ctx.addIssue({ code: 'custom', message: `possibleBand for ${o.test} is between 0 and 1` });
  });
const share = z.number().gt(0, 'a share is in (0, 1]').max(1, 'a share is in (0, 1]');
const windowText = z.string().refine((s) => parseWindow(s) !== null, 'a window is a duration like 7d, 24h, 90m or 2w (at most 366 days)');

/** Quality alert thresholds (scheduled quality reports, digests, the alert check), in the --fail-on vocabulary. */
const qualityThresholdsSchema = z
  .object({
    /** crossed: tier warning */
    warning: qualityChecksSchema.optional(),
    /** crossed: tier critical */
    critical: qualityChecksSchema.optional(),
    /** fewer labelled predictions in the window: "no data" (never an alert) */
    minLabelled: minLabelledSchema.optional(),
  })
  .strict();

/** drift alerts and scheduled drift tiers need this many predictions in the window */
const minRows = z.number().int('minRows is a whole number').min(1, 'minRows is at least 1').optional();

const modelMonitoring = z
  .object({
    driftShare: share.optional(),
    minRows,
    defaults: columnOptions.optional(),
    columns: z.record(z.string(), columnOptions).optional(),
    /** the label/prediction value that means "positive" for bias reports (default 1/true) */
    positiveLabel: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** numeric predictions (scores) at or above this count as positive */
    scoreThreshold: z.number().optional(),
    /** what the quality report measures: binary (accuracy … ROC AUC), multiclass (macro averages) or regression (MAE, RMSE); default: told from the labels */
    task: z.enum(['binary', 'multiclass', 'regression'], 'task is binary, multiclass or regression').optional(),
    /** this model's quality alert thresholds (each key replaces the global one) */
    quality: qualityThresholdsSchema.optional(),
  })
  .strict();

const days = z.string().regex(/^[1-9]\d{0,4}d$/, 'a retention is a number of days like 30d');

export const monitoringSchema = z
  .object({
    window: windowText.optional(),
    driftShare: share.optional(),
    minRows,
    defaults: columnOptions.optional(),
    fourFifths: share.optional(),
    /** reports never show a group of fewer labelled predictions than this */
    minGroupSize: z.number().int('minGroupSize is a whole number').min(1, 'minGroupSize is at least 1').optional(),
    /** how long logged rows and profiles are kept */
    retention: z.object({ rows: days.optional(), profiles: days.optional() }).strict().optional(),
    quality: qualityThresholdsSchema.optional(),
    models: z.record(z.string(), modelMonitoring).optional(),
  })
  .strict();

export type ColumnOptionsConfig = z.infer<typeof columnOptions>;
export type ModelMonitoringConfig = z.infer<typeof modelMonitoring>;

export interface MonitoringConfig {
  /** default report window, e.g. "7d" */
  readonly window: string;
  readonly driftShare: number;
  /**
   * Fewer predictions in a scheduled report's or the alert check's window: drift is "no data", never
   * an alert (distances such as Wasserstein and Jensen-Shannon on a small sample are mostly noise).
   * Reports asked for in chat or the CLI still show the numbers.
   */
  readonly minRows: number;
  readonly defaults: ColumnOptionsConfig;
  readonly fourFifths: number;
  readonly minGroupSize: number;
  /** in days */
  readonly retention: { readonly rows: number; readonly profiles: number };
  readonly quality: QualityThresholds;
  readonly models: Readonly<Record<string, ModelMonitoringConfig>>;
}

export interface QualityThresholds {
  readonly warning: readonly QualityCheck[];
  readonly critical: readonly QualityCheck[];
  readonly minLabelled: number;
}

const checks = (s: string): QualityCheck[] => parseQualityChecks(s) as QualityCheck[];

/** Default quality alerts: accuracy or ROC AUC more than 0.02 below the registered value is a warning, 0.05 critical. */
export const DEFAULT_QUALITY: QualityThresholds = {
  warning: checks('accuracy<registered-0.02,roc_auc<registered-0.02'),
  critical: checks('accuracy<registered-0.05,roc_auc<registered-0.05'),
  minLabelled: DEFAULT_MIN_LABELLED,
};

/** The quality thresholds of one model: its own keys, else the global ones. */
export function qualityThresholds(m: Pick<MonitoringConfig, 'quality' | 'models'>, model: string): QualityThresholds {
  const own = m.models[model]?.quality;
  return { warning: own?.warning ?? m.quality.warning, critical: own?.critical ?? m.quality.critical, minLabelled: own?.minLabelled ?? m.quality.minLabelled };
}

/** The smallest window a drift alert judges: one of 500 rows holds Wasserstein (normed) noise to a few hundredths, under the 0.1 threshold. */
export const DEFAULT_MIN_ROWS = 500;

/** The minimum rows of one model's drift alerts: its own, else the global one. */
export const driftMinRows = (m: Pick<MonitoringConfig, 'minRows' | 'models'>, model: string): number => m.models[model]?.minRows ?? m.minRows;

export const DEFAULT_MONITORING: MonitoringConfig = { window: '7d', driftShare: 0.5, minRows: DEFAULT_MIN_ROWS, defaults: {}, fourFifths: 0.8, minGroupSize: 10, retention: { rows: 30, profiles: 400 }, quality: DEFAULT_QUALITY, models: {} };

export function resolveMonitoring(m: z.infer<typeof monitoringSchema> | undefined): MonitoringConfig {
  return {
    window: m?.window ?? DEFAULT_MONITORING.window,
    driftShare: m?.driftShare ?? DEFAULT_MONITORING.driftShare,
    minRows: m?.minRows ?? DEFAULT_MONITORING.minRows,
    defaults: m?.defaults ?? {},
    fourFifths: m?.fourFifths ?? DEFAULT_MONITORING.fourFifths,
    minGroupSize: m?.minGroupSize ?? DEFAULT_MONITORING.minGroupSize,
    retention: {
      rows: m?.retention?.rows ? parseInt(m.retention.rows, 10) : DEFAULT_MONITORING.retention.rows,
      profiles: m?.retention?.profiles ? parseInt(m.retention.profiles, 10) : DEFAULT_MONITORING.retention.profiles,
    },
    quality: { warning: m?.quality?.warning ?? DEFAULT_QUALITY.warning, critical: m?.quality?.critical ?? DEFAULT_QUALITY.critical, minLabelled: m?.quality?.minLabelled ?? DEFAULT_QUALITY.minLabelled },
    models: m?.models ?? {},
  };
}
