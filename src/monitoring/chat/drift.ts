import { z } from 'zod';
import { WINDOW_RE } from '../domain/report-window.js';
import { ok } from '../../core/result.js';
import { buildDriftReport } from './drift-report.js';
import { modelArg } from '../../chat/arg-schemas.js';
import { withRetrain } from '../../training/chat/retrain-button.js';
import { defineCommand } from '../../chat/command-spec.js';
import { withReportLink } from '../../chat/page-link.js';
import { driftFailure, failOnFlag, parseDriftFailOn, withCheck } from './fail-on.js';

export const windowFlag = z.string().regex(WINDOW_RE, 'a window is a duration like 7d, 24h, 90m or 2w');

export const driftCommand = defineCommand({
  name: 'drift',
  summary: 'Drift report: the logged predictions of a model (the version live in env, else the latest) against that version\'s reference data, with a chart.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment', optional: true }],
  flags: [
    { name: 'window', value: 'DURATION', summary: 'how far back, e.g. 7d (default), 24h, 90m, 2w' },
    { name: 'failOn', value: 'TIER', summary: 'fail the check (CLI exit 1, API exitCode 1) when a feature reaches drift or possible_drift, or on dataset drift (dataset)' },
  ],
  schema: z.object({ model: modelArg, env: z.string().optional(), window: windowFlag.optional(), failOn: failOnFlag(parseDriftFailOn).optional() }).strict(),
  risk: 'read',
  envArg: 'env',
  examples: ['drift fraud-detector production --window 7d', 'drift fraud-detector staging --fail-on drift'],
  async run(ctx, a) {
    const r = await buildDriftReport(ctx, { model: a.model, env: a.env, window: a.window });
    if (!r.ok) return r;
    const s = r.value.summary;
    // drift found and a training pipeline configured: offer [Retrain]
    const found = a.model in ctx.config.training && (s.datasetDrift || s.drifted.length > 0) ? withRetrain(r.value.reply, a.model, 'drift') : r.value.reply;
    const reply = withReportLink(ctx.pageLinks, found, 'drift', { model: s.model, environment: s.environment, window: a.window });
    if (!a.failOn) return ok(reply);
    return ok(withCheck(reply, a.failOn.raw, driftFailure(a.failOn.parsed, s.report?.features ?? [], s.datasetDrift)));
  },
});
