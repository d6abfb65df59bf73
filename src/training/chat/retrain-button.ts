import type { Button, Reply } from '../../chat/replies/reply.js';

/** What a [Retrain] button was shown on: an alert (by id), or a report of this kind. */
export type RetrainSource = { readonly alertId: number } | { readonly report: 'drift' | 'bias' | 'quality' };

/**
 * The [Retrain] button for alerts and reports: it carries only ids ("alert:<id>" or
 * "<report kind>:<model>", or the model alone when that is too long); the click reloads the alert, re-authorizes the clicker (`retrain`)
 * and requests the retrain (src/training/chat/training-buttons.ts).
 */
export function retrainButton(model: string, source: RetrainSource): Button {
  // payload ids are at most 64 characters: a model name that long goes without the report kind
  const id = 'alertId' in source ? `alert:${source.alertId}` : `${source.report}:${model}`.length <= 64 ? `${source.report}:${model}` : model;
  return { label: 'Retrain', action: { v: 1, a: 'retrain', id } };
}

/** The button's id read back, or null when it is not one. */
export function parseRetrainId(id: string): { readonly alertId: number } | { readonly report: 'drift' | 'bias' | 'quality' | null; readonly model: string } | null {
  const a = /^alert:(\d{1,9})$/.exec(id);
  if (a) return { alertId: Number(a[1]) };
  const r = /^(?:(drift|bias|quality):)?([a-z0-9][a-z0-9-]{0,63})$/.exec(id);
  return r ? { report: (r[1] as 'drift' | 'bias' | 'quality' | undefined) ?? null, model: r[2]! } : null;
}

/** A report with [Retrain] added (for the quality report too: `withRetrain(reply, model, 'quality')`). */
export function withRetrain(reply: Reply, model: string, report: 'drift' | 'bias' | 'quality'): Reply {
  return { ...reply, buttons: [...(reply.buttons ?? []), retrainButton(model, { report })] };
}
