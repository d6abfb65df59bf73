import { z } from 'zod';
import { parseQualityChecks, type QualityCheck } from '../monitoring/domain/quality-check.js';

/**
 * Quality checks in steward.yaml (policy gates, post-deploy checks, alert thresholds), in the one
 * vocabulary of `--fail-on`: "roc_auc<registered-0.02,accuracy<0.9".
 */
export const qualityChecksSchema = z.string().transform((s, ctx): QualityCheck[] => {
  const r = parseQualityChecks(s);
  if ('problem' in r) {
    // the loader adds (got "…") with the whole value
    ctx.addIssue({ code: 'custom', message: `a quality check ${r.problem.replace(/; got ".*"$/, '')}` });
    return z.NEVER;
  }
  return r;
});

/** minLabelled: how many labelled predictions a quality check needs before it judges. */
export const minLabelledSchema = z.number().int('minLabelled is a whole number').min(1, 'minLabelled is at least 1').max(10_000_000);

export const DEFAULT_MIN_LABELLED = 100;
