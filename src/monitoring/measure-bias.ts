import type { BiasReport } from './domain/stats/index.js';
import { err, ok, type Result } from '../core/result.js';
import { profileBias } from './domain/profile/profile-bias.js';
import { windowProfile } from './window-profile.js';
import { type ReportDeps, type ReportScope, scopeText } from './measure-drift.js';
export interface BiasMeasurement {
  readonly scope: ReportScope;
  readonly rows: number;
  /** null when there is nothing to measure (no labelled rows or no sensitive attributes); see `reason` */
  readonly report: BiasReport | null;
  readonly reason: string | null;
  /** predictions left out: profiled against an earlier label setting whose rows are no longer kept */
  readonly notComparable: { readonly rows: number; readonly hours: number };
}

/** Fairness metrics of the labelled predictions in the scope's window (binary classification), from its profile. */
export async function measureBias(deps: ReportDeps, scope: ReportScope): Promise<Result<BiasMeasurement>> {
  const w = await windowProfile(deps, scope);
  const name = scope.model.name;
  const b = profileBias(w.profile, deps.config.monitoring.fourFifths, deps.config.monitoring.minGroupSize);
  switch (b.kind) {
    case 'no_rows':
      return ok({ scope, notComparable: w.notComparable, rows: 0, report: null, reason: `No labelled predictions were logged for ${scopeText(scope)} in the last ${scope.windowLabel}; attach labels with POST /api/v1/labels.` });
    case 'no_attributes':
      return ok({ scope, notComparable: w.notComparable, rows: b.rows, report: null, reason: `The labelled predictions of ${scopeText(scope)} carry no sensitive attributes; log them in each prediction's "sensitive" object.` });
    case 'bad_labels':
      return err('bad_input', `Bias needs binary labels: ${name} has labels ${b.values.join(', ')}. Set monitoring.models.${name}.positiveLabel in steward.yaml to the value that means positive.`);
    case 'bad_predictions':
      return err('bad_input', `Bias needs binary predictions: ${name} has predictions ${b.values.join(', ')}. Set monitoring.models.${name}.positiveLabel (or scoreThreshold for scores) in steward.yaml.`);
    case 'report':
      return ok({ scope, notComparable: w.notComparable, rows: b.rows, report: b.report, reason: null });
  }
}
