import { z } from 'zod';
import { ok } from '../../core/result.js';
import { buildBiasReport } from './bias-report.js';
import { modelArg } from '../../chat/arg-schemas.js';
import { withRetrain } from '../../training/chat/retrain-button.js';
import { defineCommand } from '../../chat/command-spec.js';
import { withReportLink } from '../../chat/page-link.js';
import { biasFailure, failOnFlag, parseBiasFailOn, withCheck } from './fail-on.js';
import { windowFlag } from './drift.js';

export const biasCommand = defineCommand({
  name: 'bias',
  summary: 'Bias report: group fairness metrics of a model\'s labelled predictions per sensitive attribute, with the four-fifths screen and a chart.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment', optional: true }],
  flags: [
    { name: 'window', value: 'DURATION', summary: 'how far back, e.g. 7d (default), 24h, 90m, 2w' },
    { name: 'failOn', value: 'CHECKS', summary: 'fail the check (CLI exit 1, API exitCode 1) on four-fifths, or METRIC<VALUE / METRIC>VALUE (comma-separated)' },
  ],
  schema: z.object({ model: modelArg, env: z.string().optional(), window: windowFlag.optional(), failOn: failOnFlag(parseBiasFailOn).optional() }).strict(),
  risk: 'read',
  envArg: 'env',
  examples: ['bias credit-model production --window 30d', 'bias credit-model production --fail-on four-fifths,equalizedOddsRatio<0.7'],
  async run(ctx, a) {
    const r = await buildBiasReport(ctx, { model: a.model, env: a.env, window: a.window });
    if (!r.ok) return r;
    // a fairness gap found and a training pipeline configured: offer [Retrain]
    const found = a.model in ctx.config.training && r.value.summary.attributes.some((x) => x.fourFifths.flagged) ? withRetrain(r.value.reply, a.model, 'bias') : r.value.reply;
    const reply = withReportLink(ctx.pageLinks, found, 'bias', { model: r.value.summary.model, environment: r.value.summary.environment, window: a.window });
    if (!a.failOn) return ok(reply);
    const attributes = r.value.summary.attributes.map((x) => ({ ...x, fourFifthsFlag: x.fourFifths.flagged }));
    return ok(withCheck(reply, a.failOn.raw, biasFailure(a.failOn.raw, a.failOn.parsed, attributes)));
  },
});
