import { z } from 'zod';
import { err, ok } from '../../core/result.js';
import { modelArg, textFlag } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { whoFrom } from '../../governance/audit-who.js';
import { shortName } from '../../governance/domain/actor.js';
import { actorKey } from '../../governance/domain/actor.js';
import { findModel } from '../../registry/find-model.js';
import { requestRetrain } from '../request-retrain.js';
import { channelOf, retrainPorts } from './retrain-ports.js';

export const retrainCommand = defineCommand({
  name: 'retrain',
  summary: "Start the model's training pipeline (steward.yaml training:); its card follows the run to the new version it registers.",
  syntax: [{ name: 'model', kind: 'model' }],
  flags: [{ name: 'reason', value: 'TEXT', summary: "why: becomes the new version's lineage (\"retrained from v6 because …\")" }],
  schema: z.object({ model: modelArg, reason: textFlag(500).optional() }).strict(),
  risk: 'write',
  examples: ['retrain fraud-detector --reason "recall dropped on card-not-present fraud"'],
  async run(ctx, a) {
    const m = await findModel(ctx, a.model);
    if (!m.ok) return m;
    const reason = a.reason ?? `${shortName(actorKey(ctx.actor))} asked for it`;
    const r = await requestRetrain(retrainPorts(ctx), whoFrom(ctx.actor, ctx.channel.id), { model: a.model, reason, triggerKind: 'request', channel: channelOf(ctx) });
    if (!r.ok) return r;
    const card = await ctx.cards.render({ kind: 'training', id: String(r.value.id) });
    return card ? ok(card) : err('not_found', 'The training run vanished; try again.');
  },
});
