import { checkLabel, unstorableProblem } from './domain/prediction-input.js';
import type { Scalar } from './domain/monitoring-store.js';
import { err, ok, type Result } from '../core/result.js';
import { didYouMean } from '../core/suggest.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import type { IngestDeps, RawRows } from './log-predictions.js';
import { type CurrentBasis, currentBasis } from './profile-basis-source.js';
import { applyDeltas, labelDeltas } from './profile-writes.js';

export interface AttachLabelsOutput {
  readonly model: string;
  readonly labeled: number;
}

/** Attach true labels to logged predictions by prediction id: all or nothing, audited as labels.attached; the hourly profiles follow in the same transaction. */
export async function attachLabels(deps: Pick<IngestDeps, 'store' | 'clock' | 'config'>, who: AuditWho, modelName: string, rows: RawRows): Promise<Result<AttachLabelsOutput>> {
  const bad = unstorableProblem('model', modelName);
  if (bad !== null) return err('bad_input', bad);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const model = await tx.models.byName(modelName);
    if (!model) return err('not_found', `There is no model \`${modelName}\`.${didYouMean(modelName, await tx.models.names())}`);
    const labels: { predictionId: string; label: Scalar; where: string }[] = [];
    const seen = new Map<string, string>();
    for await (const item of rows) {
      if ('problem' in item) return err('bad_input', `${item.problem}; no label was attached.`);
      const c = checkLabel(item.raw, item.where);
      if (!c.ok) return err('bad_input', `${c.problem}; no label was attached.`);
      const before = seen.get(c.value.id);
      if (before !== undefined) return err('bad_input', `${item.where}.id: ${JSON.stringify(c.value.id)} appears twice in this batch (also ${before}); no label was attached.`);
      seen.set(c.value.id, item.where);
      labels.push({ predictionId: c.value.id, label: c.value.label, where: item.where });
    }
    if (!labels.length) return err('bad_input', 'The batch has no labels; send at least one.');
    const targets = await tx.profiles.labelTargets(model.id, labels.map((l) => l.predictionId));
    const missing = await tx.predictions.attachLabels(model.id, labels, now);
    if (missing.length) {
      const hit = labels.find((l) => l.predictionId === missing[0])!;
      return err('not_found', `${hit.where}.id: no prediction ${JSON.stringify(missing[0])} is logged for ${model.name}${missing.length > 1 ? ` (nor ${missing.length - 1} more)` : ''} — logged predictions are kept ${deps.config.monitoring.retention.rows} days (monitoring.retention.rows), and an older one can no longer be labelled; no label was attached.`);
    }
    const bases = new Map<number, CurrentBasis>();
    for (const t of targets) if (!bases.has(t.versionId)) bases.set(t.versionId, await currentBasis(tx, deps.config, model.name, t.versionId));
    const byId = new Map(labels.map((l) => [l.predictionId, l.label]));
    for (const d of labelDeltas(targets, byId, (v) => bases.get(v)!, now).values()) await applyDeltas(tx, model.id, d.versionId, d.environment, bases.get(d.versionId)!, d.deltas, now, true);
    await tx.audit.append(auditInput(who, 'labels.attached', `model:${model.name}`, { count: labels.length }), now);
    return ok({ model: model.name, labeled: labels.length });
  });
}
