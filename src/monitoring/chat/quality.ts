import { z } from 'zod';
import { err, ok } from '../../core/result.js';
import { context } from '../../chat/replies/builders.js';
import { modelArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { withReportLink } from '../../chat/page-link.js';
import { crossedQuality, notComputed, parseQualityChecks } from '../domain/quality-check.js';
import { buildQualityReport } from './quality-report.js';
import { failOnFlag, withCheck } from './fail-on.js';
import { windowFlag } from './drift.js';
import { withRetrain } from '../../training/chat/retrain-button.js';

export const qualityCommand = defineCommand({
  name: 'quality',
  summary: 'Quality report: live accuracy, precision, recall, F1 and ROC AUC (classifiers) or MAE and RMSE (regressors) of the labelled predictions, next to the registered values, with label coverage, an estimate from scores while labels are late, and a trend chart per metric.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment', optional: true }],
  flags: [
    { name: 'window', value: 'DURATION', summary: 'how far back, e.g. 7d (default), 24h, 90m, 2w' },
    { name: 'by', value: 'day|hour', summary: 'trend points per day (default) or per hour (hourly detail is kept for the last 3 days)' },
    { name: 'failOn', value: 'CHECKS', summary: 'fail the check (CLI exit 1, API exitCode 1) on METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA (comma-separated)' },
  ],
  schema: z.object({ model: modelArg, env: z.string().optional(), window: windowFlag.optional(), by: z.enum(['day', 'hour'], '--by takes day or hour').optional(), failOn: failOnFlag(parseQualityChecks).optional() }).strict(),
  risk: 'read',
  envArg: 'env',
  examples: ['quality churn-predictor production', 'quality fraud-detector production --window 30d --by day', 'quality fraud-detector staging --fail-on "roc_auc<registered-0.02"'],
  async run(ctx, a) {
    const r = await buildQualityReport(ctx, { model: a.model, env: a.env, window: a.window, by: a.by });
    if (!r.ok) return r;
    // below a registered value and a training pipeline configured: offer [Retrain]
    const found = a.model in ctx.config.training && r.value.summary.metrics.some((m) => m.worse) ? withRetrain(r.value.reply, a.model, 'quality') : r.value.reply;
    const base = withReportLink(ctx.pageLinks, found, 'quality', { model: r.value.summary.model, environment: r.value.summary.environment, window: a.window });
    if (!a.failOn) return ok(base);
    // a check on a metric this model's report does not compute is refused; one on a metric without a value yet is listed as not checked
    const sm = r.value.summary;
    const missing = notComputed(a.failOn.parsed, sm.task, sm.metrics.length ? sm.metrics.map((x) => x.name) : null, `none of the ${sm.labelled} labelled predictions in the window carries a score; log predictions with a score, the probability of the positive class`);
    if (missing) return err('bad_input', missing);
    const { crossed, unmeasured } = crossedQuality(r.value.summary.metrics, a.failOn.parsed);
    const reply = withCheck(base, a.failOn.raw, crossed.length ? `--fail-on ${a.failOn.raw}: ${crossed.join('; ')}` : null);
    return ok(unmeasured.length ? { ...reply, blocks: [...reply.blocks, context(`Not checked: ${unmeasured.join('; ')}.`)] } : reply);
  },
});
