import type { Decision, Deployment } from './deployment.js';
import { shortName } from '../../governance/domain/actor.js';
import { blockingGates, failedGatesLabel, gatesPassed, type GateResult } from '../../governance/domain/gates.js';
import type { Policy } from '../../governance/domain/policy.js';

export interface Tally {
  /** distinct people who approved, in order */
  readonly approvers: readonly string[];
  readonly needed: number;
  readonly gatesOk: boolean;
  /** the admin who approved the override of failed gates, if any */
  readonly overrideBy: string | null;
  readonly rejectedBy: string | null;
  /** quorum met and gates passed (or overridden) */
  readonly approved: boolean;
}

export function tally(d: Deployment, decisions: readonly Decision[]): Tally {
  const approvers = decisions.filter((x) => x.kind === 'approve').map((x) => x.actor);
  const overrideBy = decisions.find((x) => x.kind === 'override')?.actor ?? null;
  const rejectedBy = decisions.find((x) => x.kind === 'reject')?.actor ?? null;
  const gatesOk = gatesPassed(d.gates);
  return { approvers, needed: d.requiredApprovals, gatesOk, overrideBy, rejectedBy, approved: !rejectedBy && approvers.length >= d.requiredApprovals && (gatesOk || overrideBy !== null) };
}

/**
 * What keeps a request from being approved whatever its approvals: failed gates (not advisory) and
 * no approved override. Null when it waits only for its quorum.
 */
export function gateBlock(d: Deployment, t: Tally): { readonly failed: readonly GateResult[]; readonly overrideRequested: boolean } | null {
  if (t.gatesOk || t.overrideBy) return null;
  return { failed: blockingGates(d.gates), overrideRequested: d.overrideRequestedBy !== null };
}

/** The status of a request awaiting approval, as the card and /mlops approvals both say it. */
export function awaitingStatus(d: Deployment, t: Tally): string {
  const b = gateBlock(d, t);
  if (!b) return 'Awaiting approval';
  return `Blocked by ${failedGatesLabel(b.failed.length)} — ${b.overrideRequested ? 'override requested, needs an override role to approve it' : 'needs an override'}`;
}

export interface DecisionInput {
  readonly deployment: Deployment;
  readonly decisions: readonly Decision[];
  readonly actor: string;
  readonly actorRoles: readonly string[];
  readonly policy: Policy;
  readonly kind: 'approve' | 'reject' | 'override';
  readonly reason: string | null;
  readonly now: Date;
}

export type Refusal = { readonly code: 'forbidden' | 'conflict' | 'expired' | 'bad_input'; readonly message: string };

const list = (roles: readonly string[]) => (roles.length ? roles.map((r) => `\`${r}\``).join(' or ') : 'a role the policy names (none is configured)');

/**
 * Separation of duties and the request's state, checked against the database's current view at
 * decision time (never against what a button carried). Null means the decision may be recorded.
 */
export function refuseDecision(i: DecisionInput): Refusal | null {
  const d = i.deployment;
  const ref = `request #${d.id} (${d.modelName} v${d.version} to ${d.environment})`;
  const Ref = `R${ref.slice(1)}`;
  if (d.status === 'expired' || (d.status === 'awaiting_approval' && d.expiresAt && i.now.getTime() >= d.expiresAt.getTime())) {
    return { code: 'expired', message: `${Ref} expired${d.expiresAt ? ` at ${d.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}; ask for a new one with /mlops deploy.` };
  }
  if (d.status !== 'awaiting_approval') return { code: 'conflict', message: `${Ref} is already ${d.status.replace('_', ' ')}; nothing to decide.` };
  const mine = i.decisions.find((x) => x.actor === i.actor);
  if (i.kind === 'reject') {
    if (i.reason === null || i.reason.trim().length < 3) return { code: 'bad_input', message: 'A rejection needs a reason (at least a few words) so the requester knows what to fix.' };
    const isRequester = i.actor === d.requestedBy;
    if (!isRequester && !i.actorRoles.some((r) => i.policy.approverRoles.includes(r))) {
      return { code: 'forbidden', message: `Rejecting in ${d.environment} needs the role ${list(i.policy.approverRoles)} (or being the requester, to withdraw).` };
    }
    if (mine && mine.kind !== 'reject' && !isRequester) return { code: 'conflict', message: `You already ${mine.kind === 'approve' ? 'approved' : 'approved the override of'} ${ref}; one person decides once.` };
    return null;
  }
  if (i.actor === d.requestedBy && !i.policy.allowSelfApproval) {
    return { code: 'forbidden', message: `You requested ${ref}, so you cannot ${i.kind === 'override' ? 'approve its override' : 'approve it'}: the ${d.environment} policy requires someone else (separation of duties).` };
  }
  if (i.kind === 'override') {
    if (!d.overrideRequestedBy) return { code: 'conflict', message: `No override was requested for ${ref}; request one first with /mlops override ${d.id} <reason>.` };
    if (gatesPassed(d.gates)) return { code: 'conflict', message: `${Ref} is not blocked by a failed gate; it needs no override.` };
    if (!i.actorRoles.some((r) => i.policy.overrideRoles.includes(r))) return { code: 'forbidden', message: `Approving an override in ${d.environment} needs the role ${list(i.policy.overrideRoles)}.` };
    if (i.actor === d.overrideRequestedBy) return { code: 'forbidden', message: `You requested the override of ${ref}; another ${list(i.policy.overrideRoles)} must approve it.` };
    if (mine) return { code: 'conflict', message: `You already ${mine.kind === 'approve' ? 'approved' : 'decided on'} ${ref}; the override needs one extra approval from someone else.` };
    return null;
  }
  if (!i.actorRoles.some((r) => i.policy.approverRoles.includes(r))) {
    return { code: 'forbidden', message: `Approving in ${d.environment} needs the role ${list(i.policy.approverRoles)}; you have ${i.actorRoles.length ? i.actorRoles.join(', ') : 'no role'}.` };
  }
  if (mine) return { code: 'conflict', message: `You already ${mine.kind === 'approve' ? 'approved' : 'decided on'} ${ref}; one person counts once.` };
  return null;
}

export const who = (key: string) => `@${shortName(key)}`;
