import type { EvaluationSource } from '../governance/domain/evaluation-source.js';
import type { Evaluation } from '../registry/domain/model.js';
import { BIAS_METRICS } from './io/drift-json.js';
import { measureBias } from './measure-bias.js';
import { measureDrift, type ReportDeps, resolveScope } from './measure-drift.js';
import { measuredQuality } from './measured-quality.js';

export interface MeasuredEvaluation extends Evaluation {
  /** what the numbers were measured on; absent fields mean "could not be measured" (see `notes`) */
  readonly basis: { readonly environment: string; readonly window: string; readonly predictions: number; readonly labelled: number };
  readonly notes: readonly string[];
}

/**
 * The drift share and fairness metrics governance gates read for `version` of `model`, measured on
 * its predictions logged in `env` over the window (default config.monitoring.window) — the same
 * values the drift and bias reports show. fairness holds, over all sensitive attributes, the worst
 * value of each metric: the largest difference and the smallest ratio. A value that cannot be
 * measured (no reference data, no predictions, no labels) is left out and a note says why.
 */
export async function measuredEvaluation(deps: ReportDeps, model: string, version: number, env: string, opts: { window?: string } = {}): Promise<MeasuredEvaluation> {
  const notes: string[] = [];
  const scope = await resolveScope(deps, { model, env, version, window: opts.window });
  if (!scope.ok) return { basis: { environment: env, window: opts.window ?? deps.config.monitoring.window, predictions: 0, labelled: 0 }, notes: [scope.error.message] };
  const out: { driftShare?: number; fairness?: Record<string, number> } = {};
  let predictions = 0;
  const drift = await measureDrift(deps, scope.value);
  if (!drift.ok) notes.push(drift.error.message);
  else {
    predictions = drift.value.currentRows;
    if (drift.value.drift?.shareDrifted != null) out.driftShare = drift.value.drift.shareDrifted;
    else notes.push(predictions ? 'no feature could be tested for drift' : `no predictions of v${version} in ${env} in the last ${scope.value.windowLabel}`);
  }
  let labelled = 0;
  const bias = await measureBias(deps, scope.value);
  if (!bias.ok) notes.push(bias.error.message);
  else {
    labelled = bias.value.rows;
    if (bias.value.report) {
      const fairness: Record<string, number> = {};
      for (const metric of BIAS_METRICS) {
        const vals = bias.value.report.attributes.map((a) => a[metric]).filter((v): v is number => v !== null);
        if (vals.length) fairness[metric] = metric.endsWith('Ratio') ? Math.min(...vals) : Math.max(...vals);
      }
      out.fairness = fairness;
    } else notes.push(bias.value.reason!);
  }
  return { ...out, basis: { environment: env, window: scope.value.windowLabel, predictions, labelled }, notes };
}

/** measuredEvaluation as the governance gates' EvaluationSource port (wire it into buildDeps' `evaluations`). */
export const monitoringEvaluations = (deps: ReportDeps, opts: { window?: string } = {}): EvaluationSource => ({
  measured: (model, version, environment) => measuredEvaluation(deps, model, version, environment, opts),
  quality: (model, version, environment) => measuredQuality(deps, model, version, environment, opts),
});
