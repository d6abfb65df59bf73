import { shortName } from '../../governance/domain/actor.js';
import { gateBlock, tally } from './approval-rules.js';
import { type Decision, type Deployment, type DeploymentStatus, TERMINAL } from './deployment.js';

/** How a deployment ended, as a pipeline waiting on it reads it; null while it is still open. */
export type DeploymentOutcome = Extract<DeploymentStatus, 'succeeded' | 'rejected' | 'expired' | 'failed' | 'cancelled'>;

/**
 * One deployment as someone waiting on it sees it (`steward deploy … --wait`, `GET
 * /api/v1/deployments/:id`): its status, the approvals so far and how it ended. Plain data (JSON).
 */
export interface DeploymentProgress {
  readonly id: number;
  readonly model: string;
  readonly version: number;
  readonly environment: string;
  readonly kind: Deployment['kind'];
  readonly status: DeploymentStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** distinct approvers, in order, as short names ("bob") */
  readonly approvals: readonly { readonly by: string; readonly at: string }[];
  readonly needed: number;
  readonly rejectedBy: string | null;
  /** the approved override of failed gates, if any */
  readonly overrideBy: string | null;
  /** waiting, and failed gates keep it from being approved until an override is approved */
  readonly blocked: boolean;
  readonly expiresAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** calls made to the target, retries included */
  readonly attempts: number;
  readonly targetUrl: string | null;
  /** why it was rejected, failed or cancelled */
  readonly reason: string | null;
  readonly outcome: DeploymentOutcome | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function progressOf(d: Deployment, decisions: readonly Decision[]): DeploymentProgress {
  const seen = new Set<string>();
  const approvals = decisions
    .filter((x) => x.kind === 'approve' && !seen.has(x.actor) && seen.add(x.actor))
    .map((x) => ({ by: shortName(x.actor), at: x.at.toISOString() }));
  const rejectedBy = decisions.find((x) => x.kind === 'reject')?.actor;
  const overrideBy = decisions.find((x) => x.kind === 'override')?.actor;
  return {
    id: d.id,
    model: d.modelName,
    version: d.version,
    environment: d.environment,
    kind: d.kind,
    status: d.status,
    requestedBy: shortName(d.requestedBy),
    requestedAt: d.requestedAt.toISOString(),
    approvals,
    needed: d.requiredApprovals,
    rejectedBy: rejectedBy ? shortName(rejectedBy) : null,
    overrideBy: overrideBy ? shortName(overrideBy) : null,
    blocked: d.status === 'awaiting_approval' && gateBlock(d, tally(d, decisions)) !== null,
    expiresAt: iso(d.expiresAt),
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.finishedAt),
    attempts: d.attempts,
    targetUrl: d.targetUrl,
    reason: d.reason,
    outcome: TERMINAL.has(d.status) ? (d.status as DeploymentOutcome) : null,
  };
}

/** Has anything a waiting pipeline is told about changed? */
export const progressChanged = (a: DeploymentProgress, b: DeploymentProgress): boolean =>
  a.status !== b.status || a.approvals.length !== b.approvals.length || a.overrideBy !== b.overrideBy || a.attempts !== b.attempts || a.targetUrl !== b.targetUrl;

const ofNeeded = (p: DeploymentProgress, n: number) => (p.needed > 0 ? ` (${n} of ${p.needed})` : '');

function seconds(from: string | null, to: string | null): string {
  if (!from || !to) return '';
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return ` in ${s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`}`;
}

/** The line that opens a wait: what was requested and where it stands. */
export function firstLine(p: DeploymentProgress): string {
  const what = `${p.kind === 'rollback' ? 'Rollback' : 'Deployment'} #${p.id}: ${p.model} v${p.version} to ${p.environment}`;
  return `${what} — ${statusLine(p) ?? p.status.replace('_', ' ')}`;
}

function statusLine(p: DeploymentProgress): string | null {
  switch (p.status) {
    case 'awaiting_approval':
      return `awaiting approval${ofNeeded(p, p.approvals.length)}${p.blocked ? ', blocked by failed gates until an override is approved' : ''}`;
    case 'approved':
      return p.needed === 0 ? 'approved (no approval needed), queued to run' : 'approved, queued to run';
    case 'running':
      return p.attempts > 1 ? `rolling out (attempt ${p.attempts})` : 'rolling out';
    case 'succeeded':
      return `succeeded${seconds(p.startedAt, p.finishedAt)}`;
    case 'failed':
      return `failed: ${p.reason ?? 'see the log'}`;
    case 'rejected':
      return `rejected${p.rejectedBy ? ` by ${p.rejectedBy}` : ''}${p.reason ? `: ${p.reason}` : ''}`;
    case 'expired':
      return `expired without a quorum${ofNeeded(p, p.approvals.length)}`;
    case 'cancelled':
      return `cancelled${p.reason ? `: ${p.reason}` : ''}`;
  }
}

/**
 * What changed between two readings of one deployment, one line each, oldest first: "approved by
 * bob (1 of 2)", "rolling out", "succeeded in 12 s". Pure.
 */
export function progressLines(before: DeploymentProgress, now: DeploymentProgress): string[] {
  const out: string[] = [];
  for (let i = before.approvals.length; i < now.approvals.length; i++) out.push(`approved by ${now.approvals[i]!.by}${ofNeeded(now, i + 1)}`);
  if (now.overrideBy && !before.overrideBy) out.push(`override of failed gates approved by ${now.overrideBy}`);
  const moved = now.status !== before.status;
  const ran = now.status === 'running' || now.status === 'succeeded' || (now.status === 'failed' && now.startedAt !== null);
  // a state passed between two readings (approved, then running, seen only as running) is still told
  if (moved && before.status === 'awaiting_approval' && ran) out.push(statusLine({ ...now, status: 'approved' })!);
  if (moved && before.status !== 'running' && ran) out.push(statusLine({ ...now, status: 'running' })!);
  else if (!moved && now.status === 'running' && now.attempts > before.attempts && now.attempts > 1) out.push(`retrying (attempt ${now.attempts})`);
  if (now.targetUrl && now.targetUrl !== before.targetUrl) out.push(`target run: ${now.targetUrl}`);
  if (moved && now.status !== 'running') out.push(statusLine(now)!);
  return out;
}
