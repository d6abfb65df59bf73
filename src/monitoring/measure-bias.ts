import type { Config } from '../config/config.js';
import type { Scalar } from './domain/monitoring-store.js';
import { biasReport, type BiasReport } from './domain/stats/index.js';
import { err, ok, type Result } from '../core/result.js';
import { labeledColumns } from './io/prediction-columns.js';
import { type ReportDeps, type ReportScope, scopeText } from './measure-drift.js';
export interface BiasMeasurement {
  readonly scope: ReportScope;
  readonly rows: number;
  /** null when there is nothing to measure (no labelled rows or no sensitive attributes); see `reason` */
  readonly report: BiasReport | null;
  readonly reason: string | null;
}

const TRUE = new Set(['1', 'true', '1.0']);
const FALSE = new Set(['0', 'false', '0.0']);

/** Labels/predictions -> 0/1 (NaN missing) under the model's settings, or the values that are not binary. */
function encode(values: readonly Scalar[], config: Pick<Config, 'monitoring'>, model: string, scores: boolean): { values: Float64Array } | { bad: string[] } {
  const m = config.monitoring.models[model];
  const positive = m?.positiveLabel === undefined ? undefined : String(m.positiveLabel);
  const out = new Float64Array(values.length);
  const bad = new Set<string>();
  values.forEach((v, i) => {
    if (v === null) out[i] = Number.NaN;
    else if (scores && m?.scoreThreshold !== undefined && typeof v === 'number') out[i] = v >= m.scoreThreshold ? 1 : 0;
    else if (positive !== undefined) out[i] = String(v) === positive ? 1 : 0;
    else if (TRUE.has(String(v).toLowerCase())) out[i] = 1;
    else if (FALSE.has(String(v).toLowerCase())) out[i] = 0;
    else {
      bad.add(JSON.stringify(v));
      out[i] = Number.NaN;
    }
  });
  return bad.size ? { bad: [...bad].slice(0, 5) } : { values: out };
}

/** Fairness metrics of the labelled predictions in the scope's window (binary classification). */
export async function measureBias(deps: ReportDeps, scope: ReportScope): Promise<Result<BiasMeasurement>> {
  const cols = await labeledColumns(deps.store.read.predictions, { modelId: scope.model.id, versionId: scope.version.id, environment: scope.environment ?? undefined, from: scope.from, to: scope.to });
  const name = scope.model.name;
  if (cols.rows === 0) return ok({ scope, rows: 0, report: null, reason: `No labelled predictions were logged for ${scopeText(scope)} in the last ${scope.windowLabel}; attach labels with POST /api/v1/labels.` });
  if (!cols.attributes.length) return ok({ scope, rows: cols.rows, report: null, reason: `The labelled predictions of ${scopeText(scope)} carry no sensitive attributes; log them in each prediction's "sensitive" object.` });
  const y = encode(cols.label, deps.config, name, false);
  if ('bad' in y) return err('bad_input', `Bias needs binary labels: ${name} has labels ${y.bad.join(', ')}. Set monitoring.models.${name}.positiveLabel in steward.yaml to the value that means positive.`);
  const yhat = encode(cols.prediction, deps.config, name, true);
  if ('bad' in yhat) return err('bad_input', `Bias needs binary predictions: ${name} has predictions ${yhat.bad.join(', ')}. Set monitoring.models.${name}.positiveLabel (or scoreThreshold for scores) in steward.yaml.`);
  const report = biasReport(y.values, yhat.values, cols.attributes, { fourFifthsThreshold: deps.config.monitoring.fourFifths });
  return ok({ scope, rows: cols.rows, report, reason: null });
}

