import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { oneLine } from '../deploy/targets/http-call.js';
import { SIGNATURE_MISMATCH } from '../deploy/targets/signature.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { failTrainingRun } from '../training/fail-training-run.js';
import { noteTrainingProgress } from '../training/note-training-progress.js';
import { trainingCallbackPath } from '../training/pipelines/webhook-pipeline.js';
import type { HttpResponse, PlainRoute } from './http-server.js';
import { type CallbackSpec, callbackReport, fail, readSignedCallback } from './signed-callback.js';

const SHAPE = 'send {"trainingRunId": <the id in the path>, "status": "running"|"succeeded"|"failed", "message"?: "…", "url"?: "https://…"}';
const SPEC: CallbackSpec = { idField: 'trainingRunId', noun: 'training run', path: trainingCallbackPath, shape: SHAPE, statuses: ['running', 'succeeded', 'failed'] };

/**
 * POST /api/v1/training-runs/:id/callback — a webhook training pipeline reports on its run, signed
 * like Steward's request to it with the model's pipeline secret (the deploy callback's rules:
 * src/http/signed-callback.ts). "running" and "succeeded" note progress (where to follow it, what it
 * said); the run ends when the pipeline registers its version with `--trigger <id>`. "failed" fails
 * the run (its card offers [Retry]). A report on a run that already ended answers 200 with its
 * status when it agrees (a safe retry), 409 otherwise.
 */
export function trainingCallbackRoute(deps: { readonly store: Store; readonly clock: Clock; readonly log: Logger; readonly config: Pick<Config, 'training'> }): PlainRoute {
  const refuse = (idText: string, reason: string) => {
    deps.log.warn({ trainingRun: oneLine(idText, 40), reason }, 'refused a training callback');
    return fail(401, 'unauthorized', reason);
  };
  return {
    method: 'POST',
    path: '/api/v1/training-runs/:id/callback',
    maxBodyBytes: 64 * 1024,
    async handle(req) {
      const idText = req.params.id ?? '';
      // secret -> the models whose webhook pipeline signs with it
      const modelsBySecret = new Map<string, string[]>();
      for (const t of Object.values(deps.config.training)) if (t.pipeline.kind === 'webhook') modelsBySecret.set(t.pipeline.secret, [...(modelsBySecret.get(t.pipeline.secret) ?? []), t.model]);
      const read = readSignedCallback(req, [...modelsBySecret.keys()], deps.clock.now(), SPEC, (reason) => refuse(idText, reason));
      if (!read.ok) return read.response;
      const { id, secret } = read.callback;
      const run = await deps.store.read.trainingRuns.byId(id);
      if (!run) return fail(404, 'not_found', `there is no training run #${id}`);
      if (!modelsBySecret.get(secret)!.includes(run.modelName)) return refuse(idText, SIGNATURE_MISMATCH);
      const rep = callbackReport(read.callback.body, SPEC);
      if (!rep.ok) return rep.response;
      const { status, message, url } = rep.report;
      if (run.status !== 'running') return ended(id, run.status, status);
      if (status === 'failed') {
        const r = await failTrainingRun(deps, id, { message: message ?? 'the training pipeline reported a failure', url });
        if (!r.ok) return r.error.code === 'conflict' ? ended(id, (await deps.store.read.trainingRuns.byId(id))?.status ?? 'unknown', status) : fail(503, r.error.code, r.error.message);
        deps.log.info({ trainingRun: id }, 'training run failed by callback');
        return { status: 200, body: { status: 'failed' } };
      }
      const said = status === 'succeeded' ? `${message ?? 'the pipeline reported success'}; waiting for register … --trigger ${id}` : (message ?? undefined);
      const noted = await noteTrainingProgress(deps, id, { ...(said ? { message: said } : {}), ...(url ? { targetUrl: url } : {}) });
      if (!noted) return ended(id, (await deps.store.read.trainingRuns.byId(id))?.status ?? 'unknown', status);
      return { status: 200, body: { status: 'running' } };
    },
  };
}

function ended(id: number, status: string, reported: string): HttpResponse {
  // a pipeline may report success after its register step already ended the run
  if (status === reported || (status === 'registered' && reported !== 'failed')) return { status: 200, body: { status, duplicate: true } };
  return fail(409, 'conflict', `training run #${id} is ${status.replace('_', ' ')}, not running: the outcome was already recorded`);
}
