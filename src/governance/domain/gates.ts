import type { ModelCard } from '../../registry/domain/model.js';
import { MODEL_CARD_FIELDS } from '../../registry/domain/model.js';
import type { GateConfig, QualityGate } from './policy.js';
import type { QualityEvidence } from './evaluation-source.js';
import { crossedQuality } from '../../monitoring/domain/quality-check.js';

/** What the gates look at: values recorded on (or measured for) the candidate, and the live version's metrics. */
export interface GateInputs {
  readonly metrics: Readonly<Record<string, number>>;
  readonly fairness: Readonly<Record<string, number>>;
  readonly driftShare: number | null;
  readonly card: Readonly<ModelCard>;
  readonly live: { readonly version: number; readonly metrics: Readonly<Record<string, number>> } | null;
  /** live quality of the candidate's labelled predictions (the quality gate); absent or null: not measured */
  readonly quality?: QualityEvidence | null;
}

export type GateKind = 'metric' | 'no_regression' | 'fairness' | 'drift' | 'model_card' | 'quality';

export interface GateResult {
  readonly kind: GateKind;
  readonly name: string;
  readonly passed: boolean;
  /** the measured value, when there is one */
  readonly value: number | null;
  /** the bound it was held to */
  readonly threshold: string;
  /** one line a reviewer can act on */
  readonly explanation: string;
  /**
   * Recorded for information only, never blocking: the gates of a rollback to a version that was
   * live before in that environment, or of Steward's automatic rollback.
   */
  readonly advisory?: boolean;
}

const f = (n: number) => String(Number(n.toPrecision(4)));

function bounded(kind: 'metric' | 'fairness', name: string, value: number | undefined, min: number | undefined, max: number | undefined, missing: string): GateResult {
  const threshold = [min !== undefined ? `≥ ${f(min)}` : '', max !== undefined ? `≤ ${f(max)}` : ''].filter(Boolean).join(' and ');
  if (value === undefined) return { kind, name, passed: false, value: null, threshold, explanation: `${name} is not recorded — ${missing}` };
  const low = min !== undefined && value < min;
  const high = max !== undefined && value > max;
  const passed = !low && !high;
  const explanation = passed ? `${name} ${f(value)} ${threshold}` : low ? `${name} ${f(value)} is below the minimum ${f(min!)}` : `${name} ${f(value)} is above the maximum ${f(max!)}`;
  return { kind, name, passed, value, threshold, explanation };
}

/** Evaluate every configured gate. Missing values fail closed: a gate never passes on no evidence. */
export function evaluateGates(cfg: GateConfig, input: GateInputs): GateResult[] {
  const out: GateResult[] = [];
  for (const g of cfg.metrics) out.push(bounded('metric', g.metric, input.metrics[g.metric], g.min, g.max, 'register it with --metric'));
  for (const g of cfg.noRegression) {
    const name = `${g.metric} vs live`;
    const cand = input.metrics[g.metric];
    const threshold = g.maxDrop !== undefined ? `drop ≤ ${f(g.maxDrop)}` : `increase ≤ ${f(g.maxIncrease!)}`;
    if (!input.live) {
      out.push({ kind: 'no_regression', name, passed: true, value: cand ?? null, threshold, explanation: `${g.metric}: nothing is live yet, so there is no regression to check` });
      continue;
    }
    const live = input.live.metrics[g.metric];
    if (cand === undefined || live === undefined) {
      out.push({ kind: 'no_regression', name, passed: false, value: cand ?? null, threshold, explanation: `${g.metric} is not recorded on ${cand === undefined ? 'the candidate' : `live v${input.live.version}`}, so regression cannot be ruled out` });
      continue;
    }
    const delta = cand - live;
    const passed = g.maxDrop !== undefined ? -delta <= g.maxDrop + 1e-12 : delta <= g.maxIncrease! + 1e-12;
    const sign = delta >= 0 ? '+' : '−';
    out.push({
      kind: 'no_regression',
      name,
      passed,
      value: cand,
      threshold,
      explanation: `${g.metric} ${f(cand)} vs live v${input.live.version} ${f(live)} (${sign}${f(Math.abs(delta))})${passed ? '' : g.maxDrop !== undefined ? `: drops more than the allowed ${f(g.maxDrop)}` : `: rises more than the allowed ${f(g.maxIncrease!)}`}`,
    });
  }
  for (const g of cfg.fairness) out.push(bounded('fairness', g.metric, input.fairness[g.metric], g.min, g.max, 'register with --fairness NAME=VALUE or log predictions with sensitive attributes'));
  if (cfg.drift) {
    const v = input.driftShare;
    const threshold = `share ≤ ${f(cfg.drift.maxShare)}`;
    if (v === null) out.push({ kind: 'drift', name: 'drift', passed: false, value: null, threshold, explanation: 'no drift measurement — register with --drift-share or upload reference data and log predictions' });
    else out.push({ kind: 'drift', name: 'drift', passed: v <= cfg.drift.maxShare, value: v, threshold, explanation: v <= cfg.drift.maxShare ? `${f(v * 100)}% of features drifted (≤ ${f(cfg.drift.maxShare * 100)}%)` : `${f(v * 100)}% of features drifted, more than ${f(cfg.drift.maxShare * 100)}%` });
  }
  if (cfg.quality) out.push(qualityGate(cfg.quality, input.quality ?? null));
  if (cfg.modelCard) {
    const missing = cfg.modelCard.required.filter((k) => !input.card[k] || !String(input.card[k]).trim());
    out.push({
      kind: 'model_card',
      name: 'model card',
      passed: missing.length === 0,
      value: null,
      threshold: cfg.modelCard.required.join(', '),
      explanation: missing.length ? `missing ${missing.join(', ')} — register with ${missing.map((m) => `--${m.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}` : `all required fields present (${cfg.modelCard.required.length} of ${MODEL_CARD_FIELDS.length})`,
    });
  }
  return out;
}

/**
 * The quality gate: the checks ("roc_auc<registered-0.02") on the live metrics of the candidate's
 * labelled predictions. Fails closed, always saying why: no measurement, fewer labelled predictions
 * than `minLabelled` ("not enough labels yet"), a check that cannot be evaluated (no live or no
 * registered value), or a check crossed.
 */
export function qualityGate(g: QualityGate, q: QualityEvidence | null): GateResult {
  const threshold = g.checks.map((c) => c.text).join(', ');
  const fail = (value: number | null, explanation: string): GateResult => ({ kind: 'quality', name: 'quality', passed: false, value, threshold, explanation });
  if (!q) return fail(null, `quality: not measured — log labelled predictions of the version${g.environment ? ` in ${g.environment}` : ''}`);
  const where = `in ${q.environment}, ${/^\d/.test(q.window) ? 'last ' : ''}${q.window}`;
  if (q.note && (q.labelled === 0 || q.metrics.every((m) => m.value === null))) return fail(null, `quality: ${q.note.replace(/\.$/, '')}`);
  if (q.labelled < g.minLabelled) return fail(null, `quality: not enough labels yet — ${q.labelled} of the ${g.minLabelled} labelled predictions needed (${q.predictions} predictions ${where})`);
  const { crossed, unmeasured } = crossedQuality(q.metrics, g.checks);
  const first = q.metrics.find((m) => m.name === g.checks[0]!.metric)?.value ?? null;
  if (crossed.length) return fail(first, `quality: ${crossed.join('; ')} (${q.labelled} labelled predictions ${where})`);
  if (unmeasured.length) return fail(first, `quality: cannot check ${unmeasured.join('; ')} (${q.labelled} labelled predictions ${where})`);
  const shown = [...new Set(g.checks.map((c) => c.metric))].map((name) => {
    const m = q.metrics.find((x) => x.name === name)!;
    return `${name} ${f(m.value!)}${m.registered !== null ? ` (registered ${f(m.registered)})` : ''}`;
  });
  return { kind: 'quality', name: 'quality', passed: true, value: first, threshold, explanation: `quality: ${shown.join(', ')} — none of ${threshold} (${q.labelled} labelled predictions ${where})` };
}

/** The failed gates that block a request (advisory ones never do). */
export const blockingGates = (rs: readonly GateResult[]): GateResult[] => rs.filter((r) => !r.passed && !r.advisory);

/** Nothing blocks: every gate passed, or failed only as advisory. */
export const gatesPassed = (rs: readonly GateResult[]): boolean => blockingGates(rs).length === 0;

/** The same results, recorded as advisory: they inform reviewers but do not block. */
export const asAdvisory = (rs: readonly GateResult[]): GateResult[] => rs.map((r) => ({ ...r, advisory: true }));

/** "2 failed gates" */
export const failedGatesLabel = (n: number): string => `${n} failed gate${n === 1 ? '' : 's'}`;
