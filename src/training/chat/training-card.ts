import type { Clock } from '../../core/clock.js';
import type { Store } from '../../ports/store.js';
import { context, fields, fmtTime } from '../../chat/replies/builders.js';
import { mention } from '../../chat/replies/mention.js';
import type { Button, Reply, Tone } from '../../chat/replies/reply.js';
import type { PageLinks } from '../../ports/page-links.js';
import { openLink } from '../../chat/page-link.js';
import type { TrainingRun, TrainingStatus } from '../domain/training-run.js';

const TONE: Record<TrainingStatus, Tone> = { awaiting_approval: 'info', requested: 'info', running: 'info', registered: 'success', failed: 'danger', rejected: 'warning' };

function statusLine(r: TrainingRun, now: Date): string {
  switch (r.status) {
    case 'awaiting_approval':
      return `Awaiting approval (${r.approvedBy.length} of ${r.requiredApprovals})`;
    case 'requested':
      return 'Requested — calling the pipeline';
    case 'running':
      return `Running since ${fmtTime(r.startedAt)}${r.startedAt ? `, ${elapsed(r.startedAt, now)} so far` : ''}${r.attempts > 1 ? ` (attempt ${r.attempts})` : ''}${r.message ? ` — ${r.message}` : ''}`;
    case 'registered':
      return `New version registered: v${r.registeredVersion} at ${fmtTime(r.finishedAt)}`;
    case 'failed':
      return `Failed: ${r.message ?? 'see the log'}`;
    case 'rejected':
      return `Rejected${r.message ? `: ${r.message}` : ''}`;
  }
}

/** How the run was started, for people: "drift alert #3", "automatically on drift alert #3", "request". */
export async function triggerText(r: Pick<TrainingRun, 'triggerKind' | 'alertId'>, store: Pick<Store, 'read'>): Promise<string> {
  if (r.triggerKind === 'request' || r.alertId === null) return r.triggerKind === 'auto' ? 'automatic' : 'request';
  const a = await store.read.alerts.byId(r.alertId);
  const what = `${a ? `${a.kind} ` : ''}alert #${r.alertId}`;
  return r.triggerKind === 'auto' ? `automatically on ${what}` : what;
}

/**
 * The live card of one retrain, rendered from the database: requested -> running -> new version
 * registered (or failed, with [Retry]); [Approve]/[Reject] while a policy waits for approvals.
 */
export async function renderTrainingCard(id: string, deps: { readonly store: Pick<Store, 'read'>; readonly clock: Clock; readonly pageLinks?: PageLinks }): Promise<Reply | null> {
  if (!/^\d{1,9}$/.test(id)) return null;
  const r = await deps.store.read.trainingRuns.byId(Number(id));
  if (!r) return null;
  const trigger = await triggerText(r, deps.store);
  const blocks = [
    fields({
      Run: `#${r.id} by ${mention(r.requestedBy)} at ${fmtTime(r.requestedAt)}`,
      From: r.fromVersion === null ? 'no version yet' : `v${r.fromVersion}`,
      Reason: r.reason,
      Trigger: trigger,
      Pipeline: r.pipeline,
      ...(r.requiredApprovals > 0 ? { Approvals: `${r.approvedBy.length} of ${r.requiredApprovals}${r.approvedBy.length ? `: ${r.approvedBy.map(mention).join(', ')}` : ''}` } : {}),
      Status: statusLine(r, deps.clock.now()),
      ...(r.targetUrl ? { Follow: r.targetUrl } : {}),
      ...(r.retryOf ? { Retries: `training run #${r.retryOf}` } : {}),
    }),
  ];
  if (r.status === 'running' || r.status === 'requested') blocks.push(context(`The pipeline registers its result with \`steward register ${r.modelName} <artifact-uri> --trigger ${r.id}\`.`));
  if (r.status === 'registered') blocks.push(context(`v${r.registeredVersion}'s lineage: retrained from ${r.fromVersion === null ? 'scratch' : `v${r.fromVersion}`} because ${r.reason}. Deploy it with \`/mlops deploy ${r.modelName} ${r.registeredVersion} to <environment>\`.`));
  const buttons: Button[] = [];
  if (r.status === 'awaiting_approval') buttons.push({ label: 'Approve', style: 'primary', action: { v: 1, a: 'retrain_approve', id } }, { label: 'Reject', style: 'danger', action: { v: 1, a: 'retrain_reject', id } });
  if (r.status === 'failed') buttons.push({ label: 'Retry', style: 'primary', action: { v: 1, a: 'retrain_retry', id } });
  return {
    title: `Retrain ${r.modelName}${r.fromVersion === null ? '' : ` from v${r.fromVersion}`}`,
    tone: TONE[r.status],
    blocks,
    buttons,
    // [Open]: the version it registered (its dossier shows the lineage back to this run), else the model
    links: openLink(deps.pageLinks, r.status === 'registered' && r.registeredVersion !== null ? { kind: 'version', model: r.modelName, version: r.registeredVersion } : { kind: 'model', model: r.modelName }),
    card: { kind: 'training', id },
    data: { id: r.id, model: r.modelName, fromVersion: r.fromVersion, status: r.status, reason: r.reason, trigger: r.triggerKind, alertId: r.alertId, registeredVersion: r.registeredVersion, approvals: r.approvedBy, needed: r.requiredApprovals, targetUrl: r.targetUrl, message: r.message },
  };
}

function elapsed(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
