import { z } from 'zod';
import { buildBiasReport } from '../../usecases/build-bias-report.js';
import { modelArg } from '../arg-schemas.js';
import { defineCommand } from '../command-spec.js';
import { windowFlag } from './drift.js';

export const biasCommand = defineCommand({
  name: 'bias',
  summary: 'Bias report: group fairness metrics of a model\'s labelled predictions per sensitive attribute, with the four-fifths screen and a chart.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment', optional: true }],
  flags: [{ name: 'window', value: 'DURATION', summary: 'how far back, e.g. 7d (default), 24h, 90m, 2w' }],
  schema: z.object({ model: modelArg, env: z.string().optional(), window: windowFlag.optional() }).strict(),
  risk: 'read',
  envArg: 'env',
  examples: ['bias credit-model production --window 30d'],
  async run(ctx, a) {
    const r = await buildBiasReport(ctx, { model: a.model, env: a.env, window: a.window });
    return r.ok ? { ok: true, value: r.value.reply } : r;
  },
});
