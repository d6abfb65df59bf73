import type { ActionHandler } from '../../chat/action-handler.js';
import type { ActionKind } from '../../chat/replies/reply.js';
import { err, ok, type Result } from '../../core/result.js';
import { whoFrom } from '../../governance/audit-who.js';
import { can, rolesOf } from '../../governance/domain/access.js';
import type { Reply } from '../../chat/replies/reply.js';
import type { CommandContext } from '../../chat/command-context.js';
import { decideRetrain } from '../decide-retrain.js';
import { requestRetrain, type RetrainRequest } from '../request-retrain.js';
import { parseRetrainId } from './retrain-button.js';
import { channelOf, retrainPorts } from './retrain-ports.js';

const FORBIDDEN = 'Retraining needs a role that grants `retrain` (e.g. ml-engineer: [read, retrain]); ask an admin to add it in steward.yaml.';
const plain = (s: string) => s.replace(/\*\*|`/g, '').replace(/\s+/g, ' ').trim();

async function start(ctx: CommandContext, req: RetrainRequest): Promise<Result<Reply>> {
  const r = await requestRetrain(retrainPorts(ctx), whoFrom(ctx.actor, ctx.channel.id), req);
  if (!r.ok) return r;
  const card = await ctx.cards.render({ kind: 'training', id: String(r.value.id) });
  return card ? ok(card) : err('not_found', 'The training run vanished; try again.');
}

/** [Retrain] on an alert or a report: reload the alert, re-authorize the clicker, request the retrain. */
export const retrainAction: ActionHandler = async (ctx, p) => {
  const src = parseRetrainId(p.id);
  if (!src) return err('bad_input', 'This Retrain button does not name an alert or model Steward knows.');
  if (!can(ctx.actor, 'retrain', 'write', undefined, ctx.config.access)) return err('forbidden', FORBIDDEN);
  if ('alertId' in src) {
    const a = await ctx.store.read.alerts.byId(src.alertId);
    if (!a) return err('not_found', `Alert #${src.alertId} is gone; use /mlops retrain <model> instead.`);
    return start(ctx, { model: a.model, reason: `${a.kind} alert #${a.id} in ${a.environment}: ${plain(a.headline)}`, triggerKind: 'alert', alertId: a.id, channel: channelOf(ctx) });
  }
  return start(ctx, { model: src.model, reason: src.report ? `${src.report} seen in a report` : 'a report asked for it', triggerKind: 'request', channel: channelOf(ctx) });
};

/** [Retry] on a failed retrain: a new run with the same reason and trigger (the policy decides approval). */
export const retryRetrainAction: ActionHandler = async (ctx, p) => {
  if (!/^\d{1,9}$/.test(p.id)) return err('bad_input', 'This Retry button does not name a training run.');
  const run = await ctx.store.read.trainingRuns.byId(Number(p.id));
  if (!run) return err('not_found', `There is no training run #${p.id}.`);
  if (!can(ctx.actor, 'retrain', 'write', undefined, ctx.config.access)) return err('forbidden', FORBIDDEN);
  if (run.status !== 'failed') return err('conflict', `Training run #${run.id} is ${run.status.replace('_', ' ')}; only a failed one can be retried.`);
  return start(ctx, { model: run.modelName, reason: run.reason, triggerKind: run.triggerKind, alertId: run.alertId, channel: run.requestChannel ?? channelOf(ctx), retryOf: run.id });
};

const decide =
  (kind: 'approve' | 'reject'): ActionHandler =>
  async (ctx, p, input) => {
    if (!/^\d{1,9}$/.test(p.id)) return err('bad_input', 'This button does not name a training run.');
    const reason = input?.trim();
    if (kind === 'reject' && !reason) return err('bad_input', 'Rejecting a retrain needs a reason.');
    const r = await decideRetrain(ctx, whoFrom(ctx.actor, ctx.channel.id), rolesOf(ctx.actor, ctx.config.access), Number(p.id), kind === 'approve' ? { kind } : { kind, reason: reason! });
    if (!r.ok) return r;
    const card = await ctx.cards.render({ kind: 'training', id: p.id });
    return card ? ok(card) : err('not_found', `Training run #${p.id} is gone.`);
  };

/** The buttons this module handles, merged into the app's action handlers (src/app/all-actions.ts). */
export const TRAINING_ACTIONS: Partial<Record<ActionKind, ActionHandler>> = {
  retrain: retrainAction,
  retrain_retry: retryRetrainAction,
  retrain_approve: decide('approve'),
  retrain_reject: decide('reject'),
};
