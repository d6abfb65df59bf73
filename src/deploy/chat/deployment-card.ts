import type { Clock } from '../../core/clock.js';
import type { Store } from '../../ports/store.js';
import type { Decision, Deployment } from '../domain/deployment.js';
import { awaitingStatus, gateBlock, tally } from '../domain/approval-rules.js';
import { fmtNumber, fmtTime, table, text, context, fields } from '../../chat/replies/builders.js';
import { mention } from '../../chat/replies/mention.js';
import type { Block, Button, Reply, Tone } from '../../chat/replies/reply.js';
import { SYSTEM_WHO } from '../claim-deployment.js';
import { lineageText } from '../../training/domain/training-run.js';
import type { PageLinks } from '../../ports/page-links.js';
import { openLink } from '../../chat/page-link.js';

/** people on the card are mentions (Slack and Discord show their names); what anyone typed stays text */
const at = mention;

const STATUS_LINE: Record<Deployment['status'], (d: Deployment) => string> = {
  awaiting_approval: () => 'Awaiting approval',
  approved: () => 'Approved — queued to run',
  rejected: (d) => `Rejected: ${d.reason ?? ''}`.trim(),
  expired: (d) => `Expired at ${fmtTime(d.expiresAt)} without a quorum`,
  running: (d) => `Running since ${fmtTime(d.startedAt)}${d.attempts > 1 ? ` (attempt ${d.attempts})` : ''}${d.reason ? ` — the last attempt failed: ${d.reason}; retrying` : ''}`,
  succeeded: (d) => `Succeeded at ${fmtTime(d.finishedAt)}`,
  failed: (d) => `Failed: ${d.reason ?? 'see the log'}`,
  cancelled: (d) => `Cancelled${d.reason ? `: ${d.reason}` : ''}`,
};

const TONE: Record<Deployment['status'], Tone> = {
  awaiting_approval: 'info',
  approved: 'info',
  running: 'info',
  succeeded: 'success',
  rejected: 'danger',
  expired: 'warning',
  failed: 'danger',
  cancelled: 'warning',
};

/**
 * The card for one deployment, rendered from the database: the approval view while it waits
 * (what changes, metric deltas against what was live, each gate, decisions, buttons), then status.
 */
export async function renderDeploymentCard(id: string, deps: { readonly store: Pick<Store, 'read'>; readonly clock: Clock; readonly pageLinks?: PageLinks }): Promise<Reply | null> {
  const n = Number(id);
  if (!Number.isInteger(n)) return null;
  const d = await deps.store.read.deployments.byId(n);
  if (!d) return null;
  const [decisions, candidate, liveThen] = await Promise.all([
    deps.store.read.decisions.list(d.id),
    deps.store.read.versions.byId(d.versionId),
    deps.store.read.deployments.liveAt(d.modelId, d.environment, d.requestedAt),
  ]);
  const prev = liveThen && liveThen.id !== d.id ? await deps.store.read.versions.byId(liveThen.versionId) : null;
  // a retrained version links back to the run (and the alert or request) that produced it
  const trainedBy = candidate?.trainingRunId ? await deps.store.read.trainingRuns.byId(candidate.trainingRunId) : null;
  const t = tally(d, decisions);
  const blocked = d.status === 'awaiting_approval' && gateBlock(d, t) !== null;
  // Steward's own rollback after a failed post-deploy check
  const automatic = d.kind === 'rollback' && d.requestedBy === SYSTEM_WHO.actor;
  const blocks: Block[] = [
    fields({
      Request: `#${d.id} by ${at(d.requestedBy)} at ${fmtTime(d.requestedAt)}`,
      Change: `${prev ? `v${prev.version}` : 'nothing live'} → v${d.version}${automatic ? ' (automatic rollback)' : d.kind === 'rollback' ? ' (rollback)' : ''}`,
      ...(d.requestReason ? { Reason: d.requestReason } : {}),
      ...(trainedBy ? { Lineage: `v${d.version} ${lineageText(trainedBy)}` } : {}),
      Approvals: d.requiredApprovals === 0 ? (automatic ? 'not required (automatic rollback)' : 'not required') : `${t.approvers.length} of ${d.requiredApprovals}${t.approvers.length ? `: ${t.approvers.map(at).join(', ')}` : ''}`,
      ...(d.status === 'awaiting_approval' && d.expiresAt ? { Expires: fmtTime(d.expiresAt) } : {}),
      Status: d.status === 'running' && d.startedAt ? `${STATUS_LINE.running(d)}, ${elapsed(d.startedAt, deps.clock.now())} so far` : d.status === 'awaiting_approval' ? awaitingStatus(d, t) : STATUS_LINE[d.status](d),
      ...(d.targetUrl ? { Target: d.targetUrl } : {}),
      ...(d.status === 'succeeded' || d.status === 'failed' ? { Attempts: String(d.attempts) } : {}),
      ...(d.postCheck ? { 'Post-deploy check': `${d.postCheck}${d.postCheckDetail ? ` — ${d.postCheckDetail}` : ''}` } : {}),
    }),
  ];
  if (d.plan && (d.status === 'awaiting_approval' || d.status === 'approved')) blocks.push(text(`**Plan** (${d.plan.summary})\n${d.plan.steps.map((s) => `• ${s}`).join('\n')}`));
  if (candidate) {
    const names = [...new Set([...Object.keys(prev?.metrics ?? {}), ...Object.keys(candidate.metrics)])].sort();
    if (names.length) {
      blocks.push(
        table(
          ['metric', prev ? `live v${prev.version}` : 'live', `v${candidate.version}`, 'Δ'],
          names.map((m) => {
            const a = prev?.metrics[m];
            const b = candidate.metrics[m];
            const delta = a !== undefined && b !== undefined ? `${b - a >= 0 ? '+' : '−'}${fmtNumber(Math.abs(b - a))}` : '—';
            return [m, a !== undefined ? fmtNumber(a) : '—', b !== undefined ? fmtNumber(b) : '—', delta];
          }),
        ),
      );
    }
  }
  if (d.gates.length) {
    const advisory = d.gates.some((g) => g.advisory) ? (automatic ? ' (advisory: an automatic rollback does not wait for them)' : ' (advisory for a rollback to a version that was live before)') : '';
    blocks.push(text(`**Gates**${advisory}\n${d.gates.map((g) => `${g.passed ? '✓' : '✗'} ${g.explanation}`).join('\n')}`));
    if (!t.gatesOk) {
      blocks.push(
        context(
          d.overrideRequestedBy
            ? `Override requested by ${at(d.overrideRequestedBy)}: ${d.overrideReason}. ${t.overrideBy ? `Override approved by ${at(t.overrideBy)}.` : 'It needs one extra approval from an override role.'}`
            : 'A gate failed: this request cannot be approved unless an override is requested and approved by an override role.',
        ),
      );
    }
  }
  blocks.push(...decisionLines(decisions));
  const buttons: Button[] = [];
  const id_ = String(d.id);
  if (d.status === 'awaiting_approval') {
    buttons.push({ label: 'Approve', style: 'primary', action: { v: 1, a: 'approve', id: id_ } }, { label: 'Reject', style: 'danger', action: { v: 1, a: 'reject', id: id_ } });
    if (!t.gatesOk && !d.overrideRequestedBy) buttons.push({ label: 'Request override', action: { v: 1, a: 'override', id: id_ } });
    if (!t.gatesOk && d.overrideRequestedBy && !t.overrideBy) buttons.push({ label: 'Approve override', action: { v: 1, a: 'override_approve', id: id_ } });
  }
  if (d.status === 'succeeded') {
    const isLive = (await deps.store.read.deployments.liveAt(d.modelId, d.environment))?.id === d.id;
    if (isLive && prev && prev.version !== d.version) buttons.push({ label: `Rollback to v${prev.version}`, style: 'danger', action: { v: 1, a: 'rollback', id: id_ } });
  }
  if (d.status === 'failed') {
    buttons.push({ label: 'Retry', style: 'primary', action: { v: 1, a: 'retry', id: id_ } });
    // a failed or timed-out run may have left the target half-changed: offer to restore what was live
    if (prev) buttons.push({ label: `Rollback to v${prev.version}`, style: 'danger', action: { v: 1, a: 'rollback', id: id_ } });
  }
  return {
    title: d.kind === 'rollback' ? `Roll back ${d.modelName} in ${d.environment} to v${d.version}` : `Deploy ${d.modelName} v${d.version} to ${d.environment}`,
    tone: blocked ? 'warning' : TONE[d.status],
    blocks,
    buttons,
    // [Open]: the version's dossier (card, approvals, gates, the audit proof)
    links: openLink(deps.pageLinks, { kind: 'version', model: d.modelName, version: d.version }),
    card: { kind: 'deployment', id: id_ },
    data: { id: d.id, model: d.modelName, version: d.version, lineage: trainedBy ? { trainingRun: trainedBy.id, fromVersion: trainedBy.fromVersion, reason: trainedBy.reason, alertId: trainedBy.alertId } : null, environment: d.environment, kind: d.kind, automatic, status: d.status, blocked, approvals: t.approvers, needed: d.requiredApprovals, gates: d.gates, override: { requestedBy: d.overrideRequestedBy, approvedBy: t.overrideBy } },
  };
}

function elapsed(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

function decisionLines(ds: readonly Decision[]): Block[] {
  if (!ds.length) return [];
  const word = { approve: 'approved', reject: 'rejected', override: 'approved the override' } as const;
  return [context(ds.map((x) => `${at(x.actor)} ${word[x.kind]} at ${fmtTime(x.at)}${x.reason ? ` — “${x.reason}”` : ''}`).join('\n'))];
}
