import { ALERT_CHECK_JOB, ALL_MODELS } from '../domain/schedule.js';
import { type ModelSummaryRecord } from '../domain/records.js';
import { ok } from '../../core/result.js';
import type { RunDeps } from './schedule-run.js';
import { raiseFindings } from '../../notify/chat/alert-raise.js';
import { summarizeModel } from '../chat/digest-build.js';

export type AlertCheckOutcome = { status: 'skipped' } | { status: 'done'; runId: number; models: number; alerts: number; suppressed: number } | { status: 'lost'; runId: number };

/**
 * Between digests: check every model some channel subscribed to drift, bias or quality events for, and alert
 * on thresholds crossed. Runs once per slot of `alerts.check` across replicas (the run ledger, job
 * "alerts"); the alerts themselves are deduplicated by their cooldown.
 */
export async function runAlertCheck(d: RunDeps, slot: Date): Promise<AlertCheckOutcome> {
  const settings = d.config.scheduling.alerts;
  const env = settings.environment;
  const now = d.clock.now();
  const run = (await d.store.read.runs.claimNew({ job: ALERT_CHECK_JOB, scheduleId: null, slotAt: slot, by: d.instanceId, now, leaseUntil: new Date(now.getTime() + d.leaseMs) })) ??
    (await d.store.read.runs.takeOver({ job: ALERT_CHECK_JOB, slotAt: slot, by: d.instanceId, now, leaseUntil: new Date(now.getTime() + d.leaseMs) }));
  if (!run) return { status: 'skipped' };
  if (!env) {
    await d.store.read.runs.finish(run.id, d.instanceId, { state: 'done', at: d.clock.now(), result: { models: [] } });
    return { status: 'done', runId: run.id, models: 0, alerts: 0, suppressed: 0 };
  }
  const subs = await d.store.read.subscriptions.withEvents(['drift', 'bias', 'quality']);
  type Wanted = { drift: boolean; bias: boolean; quality: boolean };
  const want = new Map<string, Wanted>();
  const add = (model: string, x: Wanted) => {
    const w = want.get(model) ?? { drift: false, bias: false, quality: false };
    want.set(model, { drift: w.drift || x.drift, bias: w.bias || x.bias, quality: w.quality || x.quality });
  };
  for (const s of subs) {
    const x = { drift: s.events.includes('drift'), bias: s.events.includes('bias'), quality: s.events.includes('quality') };
    if (s.model !== ALL_MODELS) add(s.model, x);
    else for (const m of await d.store.read.models.list()) if (await d.store.read.deployments.liveAt(m.id, env)) add(m.name, x);
  }
  const window = { from: new Date(slot.getTime() - settings.windowSeconds * 1000), to: slot };
  const summaries: ModelSummaryRecord[] = [];
  for (const [model, w] of [...want.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const drift = w.drift ? await d.reports.drift(model, env, window) : null;
    const bias = w.bias ? await d.reports.bias(model, env, window) : null;
    const quality = w.quality ? await d.reports.quality(model, env, window) : null;
    summaries.push(summarizeModel(model, env, drift?.ok ? drift.value : null, bias?.ok ? bias.value : null, null, quality?.ok ? quality.value : null));
  }
  const sent = await raiseFindings(d, summaries);
  const result = { models: summaries };
  const done = await d.store.transaction(async (tx) => ok(await tx.runs.finish(run.id, d.instanceId, { state: 'done', at: d.clock.now(), result })));
  if (!done.ok || !done.value) return { status: 'lost', runId: run.id };
  return { status: 'done', runId: run.id, models: summaries.length, alerts: sent.filter((s) => s.alertId !== null).length, suppressed: sent.filter((s) => s.suppressed).length };
}
